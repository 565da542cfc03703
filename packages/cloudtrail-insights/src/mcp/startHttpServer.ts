import { createServer, type Server } from 'node:http';
import { fromLoopbackName, isLoopbackHost } from '../http/loopbackGuard.js';
import { sendWebResponse, toWebRequest } from '../http/nodeAdapter.js';
import { handleMcpRequest, type McpHandlerOptions } from './handleMcpRequest.js';

/** Options of {@link startMcpHttpServer}. */
export interface McpHttpServerOptions extends McpHandlerOptions {
  /** Default 8000 (0 picks a free port). */
  port?: number;
  /** Default 127.0.0.1: expose it on purpose, e.g. `0.0.0.0` in a container. */
  host?: string;
}

/** A running MCP HTTP server. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the MCP endpoint over HTTP at `/mcp` (and `/healthcheck`), bound to 127.0.0.1 unless told otherwise.
 * Bound to loopback, it refuses requests whose Host or Origin is not a loopback name (DNS rebinding).
 *
 * @example
 * const running = await startMcpHttpServer({ provider, port: 8000 });
 * console.log(`MCP at ${running.url}/mcp`);
 */
export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthcheck') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      if (path !== '/mcp') {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":"not found; the MCP endpoint is /mcp"}');
        return;
      }
      if (loopback && !fromLoopbackName(req.headers.host, req.headers.origin)) {
        // DNS rebinding: a web page must not reach a loopback-bound server through a name it controls.
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end('{"error":"forbidden host or origin"}');
        return;
      }
      const request = await toWebRequest(req, `http://${req.headers.host ?? host}`);
      await sendWebResponse(res, await handleMcpRequest(request, options));
    } catch (error) {
      console.error('[mv-cloudtrail-mcp] request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal error"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8000, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
