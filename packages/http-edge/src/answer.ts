import { HttpError, InternalError } from './HttpError.ts';
import type { RequestContext } from './httpCore.ts';
import { json } from './responses.ts';

/**
 * The one way an error becomes a response: an {@link HttpError} answers with its status and body; anything else is
 * logged with its cause and answered with a generic 500 that says nothing internal.
 *
 * @example
 * try { return await route(request); } catch (error) { return errorResponse(error, context); }
 */
export function errorResponse(
  caught: unknown,
  context: Pick<RequestContext, 'requestId' | 'logger'>,
): Response {
  const error = caught instanceof HttpError ? caught : new InternalError({ cause: caught });
  if (error.statusCode >= 500)
    context.logger.error('request failed', { statusCode: error.statusCode, error: caught });
  return json(error.statusCode, error.toJSON(context.requestId), {
    'cache-control': 'no-store',
    ...error.headers,
  });
}
