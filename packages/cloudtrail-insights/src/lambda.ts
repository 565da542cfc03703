import {
  createBufferedHandler,
  createStreamingHandler,
  type LambdaStreamingRuntime,
} from './mcp/lambdaHandler.js';
import { mcpOptionsFromEnv } from './mcp/optionsFromEnv.js';
import { buffered } from './mcp/serverEnvironment.js';

const runtime = (globalThis as { awslambda?: LambdaStreamingRuntime }).awslambda;

/**
 * The MCP server's Lambda entry point (`handler`), configured from the environment (see `mcpOptionsFromEnv`).
 * In the Lambda runtime it streams (Function URL InvokeMode RESPONSE_STREAM); set `MCP_INVOKE_MODE=BUFFERED`
 * for a buffered Function URL.
 *
 * @example
 * // template: Handler: lambda.handler, FunctionUrlConfig InvokeMode: RESPONSE_STREAM
 */
export const handler =
  runtime && !buffered(process.env)
    ? createStreamingHandler(() => mcpOptionsFromEnv(), runtime)
    : createBufferedHandler(() => mcpOptionsFromEnv());

/** The buffered handler, whatever the runtime. */
export const bufferedHandler = createBufferedHandler(() => mcpOptionsFromEnv());
