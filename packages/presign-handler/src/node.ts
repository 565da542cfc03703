/**
 * Runs the presign handler as a plain Node HTTP server, standing in for a Lambda Function URL on a developer
 * machine or in tests: `@mv/presign-handler/node`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PresignLambdaHandler } from './createHandler.js';
import { MAX_BODY_BYTES } from './handleRequest.js';

/** Options of {@link serveLocally}. */
export interface ServeLocallyOptions {
  handler: PresignLambdaHandler;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1: never listen beyond this machine unless told to. */
  host?: string;
}

/** A running local server. */
export interface LocalServer {
  /** e.g. `http://127.0.0.1:49152/` — use it as the client's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

function corsHeaders(handler: PresignLambdaHandler, origin: string | undefined): Record<string, string> {
  const allowed = handler.config.allowedOrigins;
  if (origin === undefined || allowed === undefined) return {};
  if (!allowed.includes('*') && !allowed.includes(origin)) return {};
  return {
    'access-control-allow-origin': allowed.includes('*') ? '*' : origin,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '300',
    vary: 'Origin',
  };
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep one byte over the limit so the core still answers "too large" with its own message.
    if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

/**
 * A Node `http` request listener that behaves like a Function URL in front of the handler, CORS included (from
 * ALLOWED_ORIGINS, the way the Function URL's own CORS settings would answer).
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(createNodeListener(createHandler())).listen(3000, '127.0.0.1');
 */
export function createNodeListener(handler: PresignLambdaHandler): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
      const cors = corsHeaders(handler, origin);
      if (request.method === 'OPTIONS' && origin !== undefined) {
        response.writeHead(Object.keys(cors).length > 0 ? 204 : 403, cors).end();
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const result = await handler.handleRequest({
        method: request.method ?? 'GET',
        headers,
        body: await readBody(request),
        requestId: randomUUID(),
      });
      response.writeHead(result.statusCode, { ...result.headers, ...cors }).end(result.body);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"InternalError","message":"Internal error","requestId":"local"}}');
    });
  };
}

/**
 * Serves the handler on 127.0.0.1 (a free port by default) until `close()`.
 *
 * @example
 * const server = await serveLocally({ handler: createHandler({ env: { AUTH_MODE: 'none', S3_BUCKET_NAME: 'chat' } }) });
 * const uploader = new ChatLogUploader({ endpoint: server.url });
 * await server.close();
 */
export async function serveLocally(options: ServeLocallyOptions): Promise<LocalServer> {
  const server = createServer(createNodeListener(options.handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
