import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse } from './answer.ts';
import { BufferedRequest } from './BufferedRequest.ts';
import { HttpError, PayloadTooLargeError } from './HttpError.ts';
import { hostGuard } from './hostGuard.ts';
import type { RequestContext } from './httpCore.ts';
import { bodyTextOf } from './responses.ts';
import { type Logger, StructuredLogger } from './StructuredLogger.ts';

/** What a Node listener calls: `LambdaHttpHandler.handleRequest` fits. */
export type RequestHandler = (request: Request, context: Partial<RequestContext>) => Promise<Response>;

/** Options of {@link createNodeListener} and {@link serve}. */
export interface NodeListenerOptions {
  /** Largest request body in bytes; a larger one is answered 413 without being read further. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Host names (besides loopback ones) that Host and Origin may name; `'*'` turns the DNS-rebinding guard off.
   * Default: loopback only.
   */
  allowedHosts?: readonly string[] | '*';
  /** Paths answered whatever the Host (a load balancer's health check uses the target's address). */
  unguardedPaths?: readonly string[];
  /** Where unexpected errors are logged. Default: JSON lines on stdout. */
  logger?: Logger;
}

/** The default request body limit of the Node listener: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(chunk);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  const known = bodyTextOf(response);
  if (known !== undefined) {
    res.end(known);
    return;
  }
  if (response.body) {
    // Stop producing when the client goes away (a browser's stop button, a closed tab).
    res.once('close', () => void response.body?.cancel().catch(() => {}));
    for await (const chunk of response.body) {
      if (res.destroyed) break;
      res.write(chunk);
    }
  }
  res.end();
}

/**
 * The one Node `http` listener of the `@mv/*` packages: a local stand-in for a Function URL or API Gateway that
 * turns each request into a web `Request` (body bounded: 413 beyond `maxBodyBytes`), guards against DNS rebinding,
 * streams the `Response` back and aborts the request's signal when the client disconnects.
 *
 * @example
 * createServer(createNodeListener(handler.handleRequest, { maxBodyBytes: 16 * 1024 })).listen(3000, '127.0.0.1');
 */
export function createNodeListener(
  handle: RequestHandler,
  options: NodeListenerOptions = {},
): RequestListener {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const allowed = hostGuard(options.allowedHosts);
  const open = new Set(options.unguardedPaths ?? []);
  const logger = options.logger ?? new StructuredLogger({ service: 'mv-local' });
  return (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const context = { requestId, logger };
    void (async () => {
      const host = req.headers.host ?? '127.0.0.1';
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (!open.has(url.pathname) && !allowed(req.headers.host ?? null, req.headers.origin ?? null)) {
        throw new HttpError(403, 'Forbidden', 'This server does not answer for that Host or Origin');
      }
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, limit);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      const abort = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      const init = { method, headers, signal: abort.signal };
      const request = body
        ? new BufferedRequest(url, init, body.toString('utf8'), body.length)
        : new Request(url, init);
      await send(res, await handle(request, { requestId, sourceIp: req.socket.remoteAddress }));
    })().catch(async (error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof PayloadTooLargeError) {
        // The rest of the body is not read: answer, then close the connection instead of draining it.
        res.setHeader('connection', 'close');
        res.once('finish', () => req.destroy());
      }
      await send(res, errorResponse(error, context)).catch(() => res.end());
    });
  };
}

/** A running local server. */
export interface LocalServer {
  /** e.g. `http://127.0.0.1:49152` (no trailing slash). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves a handler on `host` (default 127.0.0.1: never beyond this machine unless told to) and a port (default 0: a
 * free one) until `close()`.
 *
 * @example
 * const server = await serve(handler.handleRequest, { port: 8000 });
 * console.log(server.url);
 */
export async function serve(
  handle: RequestHandler,
  options: NodeListenerOptions & { host?: string; port?: number } = {},
): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createNodeListener(handle, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${shown}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
