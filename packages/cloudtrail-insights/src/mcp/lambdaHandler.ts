import { handleMcpRequest, type McpHandlerOptions } from './handleMcpRequest.js';

/** The parts of a Lambda Function URL (payload v2) event the handler reads. */
export interface FunctionUrlEvent {
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { domainName?: string; http?: { method?: string } };
}

/** A buffered Function URL result. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** The `awslambda` global of the Node.js runtime, for response streaming. */
export interface LambdaStreamingRuntime {
  streamifyResponse(
    handler: (
      event: FunctionUrlEvent,
      responseStream: NodeJS.WritableStream,
      context: unknown,
    ) => Promise<void>,
  ): unknown;
  HttpResponseStream: {
    from(
      stream: NodeJS.WritableStream,
      metadata: { statusCode: number; headers: Record<string, string> },
    ): NodeJS.WritableStream;
  };
}

/**
 * Turns a Function URL event into a web-standard `Request`.
 *
 * @example
 * const request = functionUrlEventToRequest(event);
 */
export function functionUrlEventToRequest(event: FunctionUrlEvent): Request {
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'lambda.local';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const method = event.requestContext?.http?.method ?? 'POST';
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers.set(name, value);
  const body =
    event.body === undefined || method === 'GET' || method === 'HEAD'
      ? undefined
      : event.isBase64Encoded
        ? new Uint8Array(Buffer.from(event.body, 'base64'))
        : event.body;
  return new Request(`https://${host}${event.rawPath ?? '/'}${query}`, { method, headers, body });
}

async function route(event: FunctionUrlEvent, options: McpHandlerOptions): Promise<Response> {
  const path = event.rawPath ?? '/';
  if (path === '/healthcheck') return Response.json({ status: 'ok' });
  if (path !== '/' && path !== '/mcp')
    return Response.json({ error: 'not found; the MCP endpoint is /mcp' }, { status: 404 });
  return handleMcpRequest(functionUrlEventToRequest(event), options);
}

function headerRecord(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/**
 * A Lambda handler for a Function URL in BUFFERED invoke mode. `options` may be a function, called once on the
 * first request (so a cold start reads the environment lazily).
 *
 * @example
 * export const handler = createBufferedHandler(() => mcpOptionsFromEnv());
 */
export function createBufferedHandler(
  options: McpHandlerOptions | (() => McpHandlerOptions),
): (event: FunctionUrlEvent) => Promise<FunctionUrlResult> {
  let resolved: McpHandlerOptions | undefined;
  return async (event) => {
    resolved ??= typeof options === 'function' ? options() : options;
    const response = await route(event, resolved);
    return {
      statusCode: response.status,
      headers: headerRecord(response),
      body: await response.text(),
      isBase64Encoded: false,
    };
  };
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
  let resolved: McpHandlerOptions | undefined;
  return runtime.streamifyResponse(async (event, responseStream) => {
    resolved ??= typeof options === 'function' ? options() : options;
    const response = await route(event, resolved);
    const stream = runtime.HttpResponseStream.from(responseStream, {
      statusCode: response.status,
      headers: headerRecord(response),
    });
    if (response.body) for await (const chunk of response.body) stream.write(chunk);
    stream.end();
  });
}
