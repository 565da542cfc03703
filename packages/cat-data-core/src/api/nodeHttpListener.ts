import type { RequestListener } from 'node:http';
import { createNodeListener as edgeListener, type LambdaHttpHandler, withPath } from '@mv/http-edge';
import { staticFile } from './staticFiles.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** The same handler Lambda runs (from `createApiGatewayHandler`). */
  handler: Pick<LambdaHttpHandler, 'handleRequest'>;
  /** Path prefix of the API; default `/api`. */
  apiPrefix?: string;
  /** A directory served as static files for other paths (e.g. the dashboard). */
  staticDir?: string;
  /** Largest request body in bytes (413 beyond); default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * A Node `http` listener that runs the Lambda handler locally and serves a static directory beside it — the local
 * stand-in for API Gateway + CloudFront, on the edge's one Node listener (bounded bodies, DNS-rebinding guard).
 *
 * @example
 * const handler = createApiGatewayHandler({ repository, authenticator });
 * createServer(createNodeListener({ handler, staticDir: dashboardDirectory() })).listen(8080, '127.0.0.1');
 */
export function createNodeListener(options: NodeListenerOptions): RequestListener {
  const prefix = options.apiPrefix ?? '/api';
  return edgeListener(
    async (request, context) => {
      const { pathname } = new URL(request.url);
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
        // The API sees the path it has behind API Gateway.
        const inner = await withPath(request, pathname.slice(prefix.length) || '/');
        return options.handler.handleRequest(inner, context);
      }
      if (!options.staticDir) return new Response(null, { status: 404 });
      return staticFile(options.staticDir, pathname);
    },
    { ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }) },
  );
}
