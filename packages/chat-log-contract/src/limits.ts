/**
 * What the handler accepts unless configured otherwise, and S3's multipart limits the client plans parts by.
 *
 * @module
 */

/** The content types the handler allows unless configured otherwise (`ALLOWED_CONTENT_TYPES`). */
export const DEFAULT_CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/x-ndjson',
  'text/plain',
  'text/markdown',
];

/**
 * The largest single PUT the handler signs unless configured otherwise (`MAX_UPLOAD_BYTES`, 100 MiB); the client
 * goes multipart above it.
 */
export const SINGLE_PUT_LIMIT = 100 * 1024 * 1024;

/**
 * The media type of a `Content-Type` value, lower case, without parameters: what allow-lists compare.
 *
 * @example
 * mediaType('Application/JSON; charset=utf-8'); // 'application/json'
 */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** S3's multipart limits. */
export const MULTIPART_LIMITS = {
  minPartSize: 5 * 1024 * 1024,
  maxPartSize: 5 * 1024 ** 3,
  maxParts: 10_000,
  maxObjectSize: 5 * 1024 ** 4,
} as const;
