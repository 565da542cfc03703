import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiGatewayEvent, ApiGatewayResult } from './apiGatewayHandler.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** The same handler Lambda runs (from `createApiGatewayHandler`). */
  handler: (event: ApiGatewayEvent) => Promise<ApiGatewayResult>;
  /** Path prefix of the API; default `/api`. */
  apiPrefix?: string;
  /** A directory served as static files for other paths (e.g. the dashboard). */
  staticDir?: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * A Node `http` listener that runs the Lambda handler locally (as an API Gateway v2 event) and serves a static
 * directory beside it — the local stand-in for API Gateway + CloudFront.
 *
 * @example
 * createServer(createNodeListener({ handler, staticDir: dashboardDirectory() })).listen(8080, '127.0.0.1');
 */
export function createNodeListener(
  options: NodeListenerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const prefix = options.apiPrefix ?? '/api';
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers[name] = value;
        const result = await options.handler({
          version: '2.0',
          rawPath: url.pathname.slice(prefix.length) || '/',
          requestContext: { http: { method: req.method ?? 'GET' }, stage: '$default' },
          headers,
          queryStringParameters: Object.fromEntries(url.searchParams),
          body: chunks.length ? Buffer.concat(chunks).toString('utf8') : null,
          isBase64Encoded: false,
        });
        res.writeHead(result.statusCode, result.headers).end(result.body);
        return;
      }
      if (!options.staticDir) {
        res.writeHead(404).end();
        return;
      }
      const root = normalize(options.staticDir);
      const file = normalize(
        join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
      );
      if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
