import { firstIssue, PresignRequest } from '@mv/chat-log-client/contract';
import type { Authenticator, IamCaller } from './auth/types.js';
import type { PresignHandlerConfig } from './config.js';
import {
  BadRequestError,
  ForbiddenError,
  HttpError,
  InternalError,
  MethodNotAllowedError,
} from './errors.js';
import { type PresignDeps, presignDownload, presignUpload } from './presign.js';
import { presignMultipartCreate, presignMultipartParts, presignMultipartStep } from './presignMultipart.js';
import type { Logger } from './StructuredLogger.js';

/** A transport-neutral request: what every adapter (Function URL, Node HTTP) turns its input into. */
export interface PresignHttpRequest {
  method: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The decoded body text. */
  body: string | undefined;
  requestId: string;
  iam?: IamCaller | undefined;
}

/** A transport-neutral response. */
export interface PresignHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Dependencies of {@link createRequestHandler}. */
export interface RequestHandlerDeps extends PresignDeps {
  authenticate: Authenticator;
  logger: Logger;
}

/** The presign request body is a few hundred bytes; anything near this is not a presign request. */
export const MAX_BODY_BYTES = 16 * 1024;

const RESPONSE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // A presigned URL is a bearer credential: no cache may keep it.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

function json(statusCode: number, body: unknown, extra?: Record<string, string>): PresignHttpResponse {
  return { statusCode, headers: { ...RESPONSE_HEADERS, ...extra }, body: JSON.stringify(body) };
}

function checkOrigin(config: PresignHandlerConfig, origin: string | undefined): void {
  if (origin === undefined || config.allowedOrigins === undefined) return;
  if (config.allowedOrigins.includes('*') || config.allowedOrigins.includes(origin)) return;
  throw new ForbiddenError('Origin is not allowed');
}

function parseBody(body: string | undefined): PresignRequest {
  if (body === undefined || body === '') throw new BadRequestError('body', 'body is required: a JSON object');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw new BadRequestError('body', `body must be at most ${MAX_BODY_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadRequestError('body', 'body is not valid JSON');
  }
  const parsed = PresignRequest.safeParse(value);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new BadRequestError(issue.field, issue.message);
  }
  return parsed.data;
}

async function dispatch(body: PresignRequest, principal: string, deps: PresignDeps) {
  switch (body.action) {
    case 'upload':
      return presignUpload(body, principal, deps);
    case 'download':
      return presignDownload(body, principal, deps);
    case 'multipart-create':
      return presignMultipartCreate(body, principal, deps);
    case 'multipart-sign-parts':
      return presignMultipartParts(body, principal, deps);
    default:
      return presignMultipartStep(body, principal, deps);
  }
}

/**
 * The handler's core, free of any Lambda type: method -> origin -> authentication -> contract -> presign ->
 * response. Every failure becomes `{ error: { code, message, requestId } }`; anything unexpected is logged and
 * answered with a generic 500, so nothing internal crosses the trust boundary.
 *
 * @example
 * const handle = createRequestHandler({ config, signer, now: () => new Date(), authenticate, logger });
 * const response = await handle({ method: 'POST', headers, body, requestId: 'r-1' });
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  const { config, authenticate, logger } = deps;
  return async function handle(request: PresignHttpRequest): Promise<PresignHttpResponse> {
    const started = performance.now();
    let principal: string | undefined;
    let action: string | undefined;
    try {
      if (request.method.toUpperCase() !== 'POST') throw new MethodNotAllowedError(request.method);
      checkOrigin(config, request.headers.origin);
      principal = await authenticate({ headers: request.headers, iam: request.iam });
      const body = parseBody(request.body);
      action = body.action;
      const answer = await dispatch(body, principal, deps);
      logger.info('presigned', {
        action,
        principal,
        s3Key: answer.s3Key,
        expiresAt: answer.expiresAt,
        ...('parts' in answer ? { parts: answer.parts.length } : {}),
        statusCode: 200,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      return json(200, answer);
    } catch (caught) {
      const error = caught instanceof HttpError ? caught : new InternalError({ cause: caught });
      const log = error.statusCode >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
      log('refused', {
        action,
        principal,
        statusCode: error.statusCode,
        code: error.code,
        field: error.field,
        ...(error.statusCode >= 500 ? { error: caught } : {}),
      });
      const extra: Record<string, string> = error.statusCode === 405 ? { allow: 'POST' } : {};
      if (error.statusCode === 401 && config.authMode !== 'iam') extra['www-authenticate'] = 'Bearer';
      return json(error.statusCode, error.toJSON(request.requestId), extra);
    }
  };
}
