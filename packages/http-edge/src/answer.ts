import { errorBody, type HttpErrorLike, InternalError } from './HttpError.ts';
import type { RequestContext } from './httpCore.ts';
import { json } from './responses.ts';

function isHttpErrorLike(value: unknown): value is HttpErrorLike {
  if (!(value instanceof Error)) return false;
  const { statusCode, code } = value as Error & Partial<HttpErrorLike>;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 599 && typeof code === 'string';
}

/**
 * The one way an error becomes a response: an HTTP error answers with its status and body; anything else is logged
 * with its cause and answered with a generic 500 that says nothing internal.
 *
 * @example
 * try { return await route(request); } catch (error) { return errorResponse(error, context); }
 */
export function errorResponse(
  caught: unknown,
  context: Pick<RequestContext, 'requestId' | 'logger'>,
): Response {
  const error: HttpErrorLike = isHttpErrorLike(caught) ? caught : new InternalError({ cause: caught });
  if (error.statusCode >= 500)
    context.logger.error('request failed', { statusCode: error.statusCode, error: caught });
  const body =
    'toJSON' in error && typeof error.toJSON === 'function'
      ? error.toJSON(context.requestId)
      : errorBody(error, context.requestId);
  return json(error.statusCode, body, { 'cache-control': 'no-store', ...error.headers });
}
