import {
  createLambdaHandler,
  createStreamingLambdaHandler,
  type LambdaHttpHandler,
  type LambdaStreamingRuntime,
  StructuredLogger,
} from '@mv/http-edge';
import { createMcpCore, type McpHandlerOptions } from './handleMcpRequest.js';

export type { LambdaStreamingRuntime };

/**
 * A Lambda handler for the MCP Function URL in BUFFERED invoke mode, on the edge's one Lambda adapter. `options`
 * may be a function, called once on the first request (a cold start reads the environment once).
 *
 * @example
 * export const handler = createBufferedHandler(() => mcpOptionsFromEnv());
 */
export function createBufferedHandler(
  options: McpHandlerOptions | (() => McpHandlerOptions),
): LambdaHttpHandler {
  return createLambdaHandler(() => ({
    core: createMcpCore(typeof options === 'function' ? options() : options, { rootIsMcp: true }),
    logger: new StructuredLogger({ service: 'cloudtrail-insights-mcp' }),
  }));
}

/**
 * A Lambda handler for a Function URL in RESPONSE_STREAM invoke mode, wrapped with the runtime's
 * `awslambda.streamifyResponse`.
 *
 * @example
 * export const handler = createStreamingHandler(() => mcpOptionsFromEnv(), globalThis.awslambda);
 */
export function createStreamingHandler(
  options: McpHandlerOptions | (() => McpHandlerOptions),
  runtime: LambdaStreamingRuntime,
): unknown {
  return createStreamingLambdaHandler(createBufferedHandler(options), runtime);
}
