import type { CatDataRepository } from '../CatDataRepository.js';
import { HttpError } from '../errors.js';
import type { CognitoAuthenticator } from './CognitoAuthenticator.js';
import { handleApiRequest } from './handleApiRequest.js';
import type { RawCsvStore } from './RawCsvStore.js';
import type { ApiRequest, ApiResponse } from './types.js';

/** The fields of an API Gateway proxy event this adapter reads: HTTP API (payload 2.0) or REST API (1.0). */
export interface ApiGatewayEvent {
  version?: string;
  rawPath?: string;
  httpMethod?: string;
  path?: string;
  requestContext?: { http?: { method?: string }; stage?: string };
  headers?: Record<string, string | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** What API Gateway expects back. */
export interface ApiGatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** Options of {@link createApiGatewayHandler}. */
export interface ApiGatewayHandlerOptions {
  /** The repository, or a function opening it on first use (connections are reused across invocations). */
  repository: CatDataRepository | (() => Promise<CatDataRepository>);
  authenticator: Pick<CognitoAuthenticator, 'authenticate'>;
  rawStore?: RawCsvStore;
  /** `Access-Control-Allow-Origin` for the dashboard (e.g. its CloudFront domain); omitted when undefined. */
  corsOrigin?: string;
  /** Where unexpected errors are reported; default `console.error`. Never receives tokens. */
  logError?: (error: unknown) => void;
}

/** Translates an API Gateway v2 (or v1) event into an {@link ApiRequest}. @internal */
export function toApiRequest(event: ApiGatewayEvent): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  let path = event.rawPath ?? event.path ?? '/';
  // HTTP APIs with a named stage put it in rawPath.
  const stage = event.requestContext?.stage;
  if (event.version === '2.0' && stage && stage !== '$default' && path.startsWith(`/${stage}/`))
    path = path.slice(stage.length + 1);
  const body =
    event.body == null
      ? null
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext?.http?.method ?? event.httpMethod ?? 'GET',
    path,
    query: { ...(event.queryStringParameters ?? {}) },
    headers,
    body,
  };
}

/**
 * The Lambda adapter: parse the event, authenticate the bearer token, call {@link handleApiRequest}, shape the result.
 * Unexpected errors become a 500 that says nothing internal.
 *
 * @example
 * export const handler = createApiGatewayHandler({
 *   repository: () => CatDataRepository.openPostgres({ host: process.env.PGHOST, user: 'cat_data_app', iamAuth: { region } }),
 *   authenticator: new CognitoAuthenticator({ userPoolId, clientId }),
 *   rawStore: new RawCsvStore({ bucket: 'cat-data-v23' }),
 * });
 */
export function createApiGatewayHandler(
  options: ApiGatewayHandlerOptions,
): (event: ApiGatewayEvent) => Promise<ApiGatewayResult> {
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
  const cors: Record<string, string> = options.corsOrigin
    ? {
        'access-control-allow-origin': options.corsOrigin,
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        vary: 'origin',
      }
    : {};
  const finish = (response: ApiResponse): ApiGatewayResult => ({
    statusCode: response.statusCode,
    headers: { ...cors, ...response.headers },
    body: response.body,
    isBase64Encoded: false,
  });
  return async (event) => {
    const request = toApiRequest(event);
    if (request.method === 'OPTIONS') return finish({ statusCode: 204, headers: {}, body: '' });
    try {
      const principal = await options.authenticator.authenticate(request.headers.authorization);
      return finish(
        await handleApiRequest(request, {
          repository: await getRepository(),
          principal,
          ...(options.rawStore ? { rawStore: options.rawStore } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof HttpError) {
        return finish({
          statusCode: error.statusCode,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(error.toJSON()),
        });
      }
      (options.logError ?? console.error)(error);
      return finish({
        statusCode: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          error: { code: 'internal', message: 'Something went wrong on our side; try again later.' },
        }),
      });
    }
  };
}
