import { timingSafeEqual } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { bearerToken, type HttpCore, HttpError, json, type RequestContext } from '@mv/http-edge';
import { UnauthorizedError } from '../errors.js';
import { createMcpServer, type McpServerOptions } from './createMcpServer.js';

/**
 * How MCP callers prove who they are:
 * - `token`: `Authorization: Bearer <bearerToken>` (compared in constant time);
 * - `iam`: the Function URL's AuthType is AWS_IAM, so Lambda verified a SigV4 signature and put the caller in the
 *   request context; requests without it are refused;
 * - `none`: anyone who can reach the endpoint (chosen explicitly; a loopback-only local server, say).
 */
export type McpAuthMode = 'token' | 'iam' | 'none';

/** Options of {@link handleMcpRequest}. */
export interface McpHandlerOptions extends McpServerOptions {
  /**
   * When set, requests must carry `Authorization: Bearer <token>` (auth mode `token`). A function is called once, on
   * the first request (a secret read at cold start), and its answer kept.
   */
  bearerToken?: string | (() => Promise<string>);
  /** Default: `token` when `bearerToken` is set, else `none`. `mcpOptionsFromEnv` never defaults to `none`. */
  authMode?: McpAuthMode;
}

const resolvedTokens = new WeakMap<() => Promise<string>, Promise<string>>();

async function expectedToken(token: McpHandlerOptions['bearerToken']): Promise<string> {
  if (typeof token !== 'function') return token ?? '';
  let pending = resolvedTokens.get(token);
  if (!pending) {
    pending = token();
    pending.catch(() => resolvedTokens.delete(token)); // try again on the next request
    resolvedTokens.set(token, pending);
  }
  return pending;
}

async function checkAuth(
  request: Request,
  context: Partial<RequestContext>,
  options: McpHandlerOptions,
): Promise<void> {
  const mode = options.authMode ?? (options.bearerToken ? 'token' : 'none');
  if (mode === 'none') return;
  if (mode === 'iam') {
    if (!context.iam) throw new UnauthorizedError('This endpoint expects IAM (SigV4) authentication');
    return;
  }
  const expected = Buffer.from(await expectedToken(options.bearerToken));
  const given = Buffer.from(bearerToken(request.headers.get('authorization')) ?? '');
  if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new UnauthorizedError();
}

/**
 * The MCP endpoint as a function of a web-standard `Request`: checks the caller (auth mode), then serves the request
 * with a fresh server and a stateless Streamable HTTP transport (JSON responses), and closes both. Errors answer
 * with the one error body of the `@mv/*` APIs.
 *
 * @example
 * const response = await handleMcpRequest(request, { provider, bearerToken: process.env.MCP_AUTH_TOKEN });
 */
export async function handleMcpRequest(
  request: Request,
  options: McpHandlerOptions,
  context: Partial<RequestContext> = {},
): Promise<Response> {
  await checkAuth(request, context, options);
  const server = createMcpServer(options);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(request);
    // With JSON responses the body is complete here; read it before closing the transport.
    const body = await response.arrayBuffer();
    return new Response(body.byteLength > 0 ? body : null, {
      status: response.status,
      headers: response.headers,
    });
  } finally {
    await transport.close();
    await server.close();
  }
}

/**
 * The MCP server's HTTP core for every transport (Lambda Function URL, Node HTTP): `/healthcheck`, the MCP
 * endpoint at `/mcp` (and `/` on a Function URL), the one error body for everything else.
 *
 * @example
 * const core = createMcpCore(mcpOptionsFromEnv());
 */
export function createMcpCore(options: McpHandlerOptions, { rootIsMcp = false } = {}): HttpCore {
  return async (request, context) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthcheck') return json(200, { status: 'ok' });
    if (pathname !== '/mcp' && !(rootIsMcp && pathname === '/'))
      throw new HttpError(404, 'NotFound', 'Not found; the MCP endpoint is /mcp');
    return handleMcpRequest(request, options, context);
  };
}
