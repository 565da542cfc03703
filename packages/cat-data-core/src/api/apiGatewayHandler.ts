import {
  createLambdaHandler,
  type EdgeApp,
  type HttpCore,
  type LambdaHttpEvent,
  type LambdaHttpHandler,
  type LambdaHttpResult,
  type Logger,
  StructuredLogger,
  withCors,
} from '@mv/http-edge';
import type { CatDataRepository } from '../CatDataRepository.js';
import type { CognitoAuthenticator } from './CognitoAuthenticator.js';
import { type ApiContext, apiCall, handleApiRequest } from './handleApiRequest.js';
import type { RawCsvStore } from './RawCsvStore.js';

/** An API Gateway proxy event, HTTP API (payload 2.0) or REST API (1.0): the edge's event type. */
export type ApiGatewayEvent = LambdaHttpEvent;
/** What API Gateway expects back. */
export type ApiGatewayResult = LambdaHttpResult;

/** Options of {@link createApiGatewayHandler}. */
export interface ApiGatewayHandlerOptions {
  /** The repository, or a function opening it on first use (connections are reused across invocations). */
  repository: CatDataRepository | (() => Promise<CatDataRepository>);
  authenticator: Pick<CognitoAuthenticator, 'authenticate'>;
  rawStore?: RawCsvStore;
  /** How `POST /imports/{id}/run` starts a queued import (see {@link ApiContext.startImport}). */
  startImport?: ApiContext['startImport'];
  /** `Access-Control-Allow-Origin` for the dashboard (e.g. its CloudFront domain); no CORS when undefined. */
  corsOrigin?: string;
  /** Where requests and unexpected errors are logged (JSON lines with request id and cold start by default). */
  logger?: Logger;
}

/**
 * The API's web-standard core: percent-decoding of the path (a 400 when malformed, before anything else), then the
 * bearer token, then the routes. Every error is answered by the edge with the one error body.
 *
 * @example
 * const core = createApiCore({ repository, authenticator });
 * const response = await core(new Request('https://api.example/stats/summary'), { requestId: 'r-1', logger });
 */
export function createApiCore(options: ApiGatewayHandlerOptions): HttpCore {
  let repository: Promise<CatDataRepository> | undefined;
  const getRepository = () => {
    repository ??= (
      typeof options.repository === 'function' ? options.repository() : Promise.resolve(options.repository)
    ).catch((error: unknown) => {
      repository = undefined;
      throw error;
    });
    return repository;
  };
  const core: HttpCore = async (request) => {
    apiCall(request); // malformed paths are refused before authentication
    const principal = await options.authenticator.authenticate(request.headers.get('authorization'));
    return handleApiRequest(request, {
      repository: await getRepository(),
      principal,
      ...(options.rawStore ? { rawStore: options.rawStore } : {}),
      ...(options.startImport ? { startImport: options.startImport } : {}),
    });
  };
  return options.corsOrigin
    ? withCors(core, {
        allowedOrigins: [options.corsOrigin],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        // The export's next page (GET /export answers in pages).
        exposeHeaders: ['link', 'x-next-cursor'],
      })
    : core;
}

/**
 * The Lambda adapter (the edge's one): API Gateway event in, the core's answer out, with request id and cold start
 * in every log line. Also serves `handleRequest(request)` for the local server.
 *
 * @example
 * export const handler = createApiGatewayHandler({
 *   repository: () => CatDataRepository.openPostgres({ host: process.env.PGHOST, user: 'cat_data_app', iamAuth: { region } }),
 *   authenticator: new CognitoAuthenticator({ userPoolId, clientId }),
 *   rawStore: new RawCsvStore({ bucket: 'cat-data-v23' }),
 * });
 */
export function createApiGatewayHandler(options: ApiGatewayHandlerOptions): LambdaHttpHandler<EdgeApp> {
  const logger = options.logger ?? new StructuredLogger({ service: 'cat-data-api' });
  const core = createApiCore(options);
  return createLambdaHandler(() => ({ core, logger }));
}
