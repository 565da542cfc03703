import { BufferedRequest, BufferedResponse } from './BufferedRequest.ts';
import { PayloadTooLargeError } from './HttpError.ts';

/** Headers every JSON answer of the edge carries. */
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * A JSON response. Cheaper than `Response.json` in Lambda: no body stream is built, the adapter reuses the text.
 *
 * @example
 * return json(200, { status: 'ok' }, { 'cache-control': 'no-store' });
 */
export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return text(status, JSON.stringify(body), { ...JSON_HEADERS, ...headers });
}

/**
 * A text response whose body the Lambda adapter can read without a stream.
 *
 * @example
 * return text(200, '<!doctype html>…', { 'content-type': 'text/html; charset=utf-8' });
 */
export function text(status: number, body: string, headers?: Record<string, string>): Response {
  return new BufferedResponse(status === 204 || status === 304 ? '' : body, { status, headers });
}

/** The body of a response built by {@link json} or {@link text}, without reading a stream. @internal */
export function bodyTextOf(response: Response): string | undefined {
  return response instanceof BufferedResponse ? response.bodyText : undefined;
}

/**
 * The request body as text, at most `limit` bytes (UTF-8): a larger body is a 413. Reads the stream only when the
 * adapter did not already hold the text.
 *
 * @example
 * const body = await readText(request, 16 * 1024);
 */
export async function readText(request: Request, limit: number): Promise<string> {
  if (request instanceof BufferedRequest) {
    if (request.byteLength > limit) throw new PayloadTooLargeError(limit);
    return request.text();
  }
  if (!request.body) return '';
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
