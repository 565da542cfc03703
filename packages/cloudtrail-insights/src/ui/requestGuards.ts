import { HttpError, readText } from '@mv/http-edge';
import { z } from 'zod';
import { InvalidQueryError } from '../errors.js';

/**
 * A state-changing or costly call (CloudTrail reads, Bedrock) must come from the page itself: a POST with a JSON
 * body (a cross-site form cannot send one without a CORS preflight, which this server never grants), from the same
 * origin when the browser says where it comes from.
 *
 * @example
 * checkSameOrigin(request); // throws 405, 415 or 403 otherwise
 */
export function checkSameOrigin(request: Request): void {
  if (request.method !== 'POST')
    throw new HttpError(405, 'MethodNotAllowed', 'Use POST', { headers: { allow: 'POST' } });
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new HttpError(415, 'UnsupportedMediaType', 'Send the query as application/json');
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none')
    throw new HttpError(403, 'Forbidden', 'Cross-site requests are refused');
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null' && new URL(origin).host !== new URL(request.url).host)
    throw new HttpError(403, 'Forbidden', 'Cross-origin requests are refused');
}

/**
 * The same-origin JSON body of a POST (see {@link checkSameOrigin}), at most `limit` bytes, parsed with `schema`
 * (or returned as is): bad JSON and schema mismatches are `InvalidQueryError`s saying what is wrong.
 *
 * @example
 * const body = await readJsonBody(request, ChatRequest, 16 * 1024);
 */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>, limit: number): Promise<T> {
  checkSameOrigin(request);
  let body: unknown;
  try {
    body = JSON.parse((await readText(request, limit)) || '{}');
  } catch (error) {
    if (error instanceof SyntaxError) throw new InvalidQueryError('The query is not valid JSON');
    throw error;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidQueryError(z.prettifyError(parsed.error));
  return parsed.data;
}
