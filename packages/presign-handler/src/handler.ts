import { createLambdaHandler } from '@mv/http-edge';
import { createPresignApp, type PresignLambdaHandler } from './createHandler.js';

/**
 * The ready-made Lambda handler, configured from the environment. Re-export it and deploy:
 *
 * @example
 * // index.mjs of your Lambda
 * export { handler } from '@mv/presign-handler';
 *
 * Settings are read on the first invocation of an execution environment (importing the package has no side
 * effects); a bad or missing one fails that cold start with a `ConfigError` naming the variable, and every
 * later invocation of that environment fails the same way. It serves locally too:
 * `serveLocally({ handler })` reads the settings at start and fails there with the same error.
 */
export const handler: PresignLambdaHandler = createLambdaHandler(() => createPresignApp());
