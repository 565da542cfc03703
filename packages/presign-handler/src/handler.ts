import { createHandler, type PresignLambdaHandler } from './createHandler.js';
import type { FunctionUrlEvent, FunctionUrlResult, LambdaContextLike } from './functionUrlEvent.js';

let configured: PresignLambdaHandler | undefined;

/**
 * The ready-made Lambda handler, configured from the environment. Re-export it and deploy:
 *
 * @example
 * // index.mjs of your Lambda
 * export { handler } from '@mv/presign-handler';
 *
 * Settings are read on the first invocation of an execution environment (importing the package has no side
 * effects); a bad or missing one fails that cold start with a `ConfigError` naming the variable, and every
 * later invocation of that environment fails the same way.
 */
export async function handler(
  event: FunctionUrlEvent,
  context?: LambdaContextLike,
): Promise<FunctionUrlResult> {
  configured ??= createHandler();
  return configured(event, context);
}
