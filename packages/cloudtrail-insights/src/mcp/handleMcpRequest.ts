import { timingSafeEqual } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { UnauthorizedError } from '../errors.js';
import { createMcpServer, type McpServerOptions } from './createMcpServer.js';

/** Options of {@link handleMcpRequest}. */
export interface McpHandlerOptions extends McpServerOptions {
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  bearerToken?: string;
}

function authorised(request: Request, token: string | undefined): boolean {
  if (!token) return true;
  const header = request.headers.get('authorization') ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The MCP endpoint as a pure function of a web-standard `Request`: checks the optional bearer token, then
 * serves the request with a fresh server and a stateless Streamable HTTP transport (JSON responses), and closes
 * both. Node HTTP and Lambda Function URLs are thin adapters around it.
 *
 * @example
 * const response = await handleMcpRequest(request, { provider, bearerToken: process.env.MCP_AUTH_TOKEN });
 */
export async function handleMcpRequest(request: Request, options: McpHandlerOptions): Promise<Response> {
  if (!authorised(request, options.bearerToken)) {
    const error = new UnauthorizedError('missing or wrong bearer token');
    return Response.json(error.toJSON(), { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
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
