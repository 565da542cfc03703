import { createServer } from 'node:http';
import { InvalidQueryError } from '../errors.js';
import { fromLoopbackName, isLoopbackHost } from '../http/loopbackGuard.js';
import type { McpHandlerOptions } from '../mcp/handleMcpRequest.js';
import type { RunningServer } from '../mcp/startHttpServer.js';
import { analysisView } from './analysisApi.js';
import { PAGE_HTML } from './page.js';

/** Options of {@link startWebUi}. */
export interface WebUiOptions
  extends Pick<McpHandlerOptions, 'provider' | 'analyst' | 'analystUnavailableReason'> {
  /** Default 8501 (0 picks a free port). */
  port?: number;
  /** Default 127.0.0.1; `0.0.0.0` in a container. */
  host?: string;
}

/**
 * Serves the web UI (the design's Streamlit app): a static page, `GET /api/analysis` and `GET /healthcheck`.
 *
 * @example
 * const ui = await startWebUi({ ...mcpOptionsFromEnv(), port: 8501 });
 * console.log(`open ${ui.url}`);
 */
export async function startWebUi(options: WebUiOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://ui.local');
    const send = (status: number, body: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    try {
      if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
      // Bound to loopback, answer only loopback names (DNS rebinding); behind a load balancer, bind 0.0.0.0.
      if (loopback && !fromLoopbackName(req.headers.host, req.headers.origin)) {
        return send(403, { error: 'forbidden host or origin' });
      }
      if (url.pathname === '/healthcheck') return send(200, { status: 'ok' });
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy':
              "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
            'x-content-type-options': 'nosniff',
          })
          .end(PAGE_HTML);
        return;
      }
      if (url.pathname === '/api/analysis') {
        const q = url.searchParams;
        return send(
          200,
          await analysisView(options, {
            startTime: q.get('startTime') ?? undefined,
            endTime: q.get('endTime') ?? undefined,
            identity: q.get('identity') ?? undefined,
            claude: q.get('claude') !== '0',
          }),
        );
      }
      return send(404, { error: 'not found' });
    } catch (error) {
      if (error instanceof InvalidQueryError) return send(400, { error: error.message });
      console.error('[mv-cloudtrail-ui] request failed:', error);
      return send(500, { error: 'internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8501, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${host}:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}
