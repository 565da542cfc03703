/**
 * Runs the presign handler as a plain Node HTTP server, standing in for a Lambda Function URL on a developer
 * machine or in tests: `@mv/presign-handler/node`. Built on the edge's one Node listener.
 *
 * @module
 */
import type { RequestListener } from 'node:http';
import {
  type LocalServer as EdgeServer,
  createNodeListener as edgeListener,
  serve,
  withCors,
} from '@mv/http-edge';
import type { PresignLambdaHandler } from './createHandler.js';
import { MAX_BODY_BYTES } from './handleRequest.js';

/** Options of {@link serveLocally}. */
export interface ServeLocallyOptions {
  /** `createHandler(...)`, or the package's ready-made `handler` (configured from `process.env`). */
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

/** The handler's core with CORS answered the way the Function URL's own CORS settings (ALLOWED_ORIGINS) would. */
function localCore(handler: PresignLambdaHandler) {
  const { allowedOrigins } = handler.ready().config;
  if (allowedOrigins === undefined) return handler.handleRequest;
  return withCors(handler.handleRequest, { allowedOrigins, allowMethods: ['POST'] });
}

/**
 * A Node `http` request listener that behaves like a Function URL in front of the handler, CORS included. Reads
 * the handler's settings now, so a bad one throws its `ConfigError` here.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(createNodeListener(createHandler())).listen(3000, '127.0.0.1');
 */
export function createNodeListener(handler: PresignLambdaHandler): RequestListener {
  return edgeListener(localCore(handler), { maxBodyBytes: MAX_BODY_BYTES, logger: handler.ready().logger });
}

/**
 * Serves the handler on 127.0.0.1 (a free port by default) until `close()`. The handler's settings are read at
 * start: a missing or bad one fails here with a `ConfigError` naming the variable.
 *
 * @example
 * const server = await serveLocally({ handler: createHandler({ env: { AUTH_MODE: 'none', S3_BUCKET_NAME: 'chat' } }) });
 * const uploader = new ChatLogUploader({ endpoint: server.url });
 * await server.close();
 */
export async function serveLocally(options: ServeLocallyOptions): Promise<LocalServer> {
  const server: EdgeServer = await serve(localCore(options.handler), {
    maxBodyBytes: MAX_BODY_BYTES,
    logger: options.handler.ready().logger,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return { url: `${server.url}/`, close: () => server.close() };
}
