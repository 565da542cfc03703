import { firstIssue, PresignRequest } from '@mv/chat-log-contract';
import type { Logger } from '@mv/http-edge';
import {
  HttpError as EdgeHttpError,
  errorResponse,
  json,
  type RequestContext,
  readText,
} from '@mv/http-edge';
import type { Authenticator } from './auth/types.js';
import type { PresignHandlerConfig } from './config.js';
import { BadRequestError, ForbiddenError, MethodNotAllowedError } from './errors.js';
import { type PresignDeps, presignDownload, presignUpload } from './presign.js';
import { presignMultipartCreate, presignMultipartParts, presignMultipartStep } from './presignMultipart.js';

/** Dependencies of {@link createRequestHandler}. */
export interface RequestHandlerDeps extends PresignDeps {
  authenticate: Authenticator;
  logger: Logger;
}

/** The presign request body is a few hundred bytes; anything near this is not a presign request (413 beyond). */
export const MAX_BODY_BYTES = 16 * 1024;

/** A presigned URL is a bearer credential: no cache may keep it. */
const RESPONSE_HEADERS = { 'cache-control': 'no-store' } as const;

function checkOrigin(config: PresignHandlerConfig, origin: string | null): void {
  if (origin === null || config.allowedOrigins === undefined) return;
  if (config.allowedOrigins.includes('*') || config.allowedOrigins.includes(origin)) return;
  throw new ForbiddenError('Origin is not allowed');
}

function parseBody(body: string): PresignRequest {
  if (body === '') throw new BadRequestError('body', 'body is required: a JSON object');
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
 * The handler's core, web-standard and free of any Lambda type: method -> origin -> authentication -> contract ->
 * presign -> response. Every failure becomes the edge's one error body; anything unexpected is logged and answered
 * with a generic 500, so nothing internal crosses the trust boundary.
 *
 * @example
 * const core = createRequestHandler({ config, signer, now: () => new Date(), authenticate, logger });
 * const response = await core(new Request(url, { method: 'POST', headers, body }), { requestId: 'r-1', logger });
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  const { config, authenticate, logger } = deps;
  return async function handle(request: Request, context: RequestContext): Promise<Response> {
    const started = performance.now();
    let principal: string | undefined;
    let action: string | undefined;
    try {
      if (request.method !== 'POST') throw new MethodNotAllowedError(request.method);
      checkOrigin(config, request.headers.get('origin'));
      principal = await authenticate({ headers: request.headers, iam: context.iam });
      const body = parseBody(await readText(request, MAX_BODY_BYTES));
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
      return json(200, answer, RESPONSE_HEADERS);
    } catch (caught) {
      if (caught instanceof EdgeHttpError && caught.statusCode < 500) {
        logger.info('refused', {
          action,
          principal,
          statusCode: caught.statusCode,
          code: caught.code,
          field: 'field' in caught ? caught.field : undefined,
        });
      }
      const response = errorResponse(caught, { requestId: context.requestId, logger });
      if (response.status === 401 && config.authMode === 'iam') response.headers.delete('www-authenticate');
      return response;
    }
  };
}
