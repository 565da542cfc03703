/**
 * The wire contract between `@mv/chat-log-client` and `@mv/presign-handler`: defined once here, imported by both
 * ends (`@mv/chat-log-client/contract`). Built on `zod/mini` so the Lambda bundle and the browser bundle stay small.
 *
 * @module
 */
import * as z from 'zod/mini';

/** 32 bytes of SHA-256, standard base64 with padding (44 characters), as S3's `x-amz-checksum-sha256` expects. */
export const Sha256Base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/));

const Seconds = z.int().check(z.minimum(1));

/**
 * Ask for a presigned PUT.
 *
 * @example
 * const request: UploadRequest = { action: 'upload', fileName: 'chat.json', contentType: 'application/json', contentLength: 512 };
 */
export const UploadRequest = z.object({
  action: z.literal('upload'),
  /** Any name; the handler sanitises it into the last segment of the key. */
  fileName: z.string().check(z.minLength(1), z.maxLength(1024)),
  contentType: z.string().check(z.minLength(1), z.maxLength(255)),
  /** Exact byte length; signed, so S3 refuses any other length. Required by handlers that enforce MAX_UPLOAD_BYTES. */
  contentLength: z.optional(z.int().check(z.minimum(0))),
  /** SHA-256 of the bytes (base64); signed, so S3 refuses corrupted bytes. */
  checksumSha256: z.optional(Sha256Base64),
  expiresIn: z.optional(Seconds),
});
export type UploadRequest = z.infer<typeof UploadRequest>;

/**
 * Ask for a presigned GET of one of the caller's own objects.
 *
 * @example
 * const request: DownloadRequest = { action: 'download', s3Key: 'chat-logs/alice/2026-01-01T00:00:00.000000000Z_chat.json' };
 */
export const DownloadRequest = z.object({
  action: z.literal('download'),
  s3Key: z.string().check(z.minLength(1), z.maxLength(1024)),
  expiresIn: z.optional(Seconds),
});
export type DownloadRequest = z.infer<typeof DownloadRequest>;

/** The body of `POST <function URL>`. */
export const PresignRequest = z.discriminatedUnion('action', [UploadRequest, DownloadRequest]);
export type PresignRequest = z.infer<typeof PresignRequest>;

/**
 * The 200 answer. `headers` are exactly the headers the caller must send with `method` to `presignedUrl`: they are
 * signed, so leaving one out or changing it makes S3 answer 403 SignatureDoesNotMatch.
 */
export const PresignResponse = z.object({
  presignedUrl: z.string().check(z.minLength(1)),
  s3Key: z.string(),
  /** When the URL was signed (ISO 8601). */
  timestamp: z.string(),
  /** When the URL stops working (ISO 8601). */
  expiresAt: z.string(),
  method: z.enum(['PUT', 'GET']),
  headers: z.record(z.string(), z.string()),
});
export type PresignResponse = z.infer<typeof PresignResponse>;

/** Every error code the handler answers with, and its HTTP status. */
export const ERROR_STATUS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  InternalError: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every non-200 answer. `field` names the request field a 400 is about. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    field: z.optional(z.string()),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** Headers S3 reads back on a GET so the downloader can verify what it received. @internal */
export const CHECKSUM_MODE_HEADER = 'x-amz-checksum-mode';
/** User metadata that carries the SHA-256 for S3-compatible stores that do not keep checksums. @internal */
export const SHA256_METADATA_HEADER = 'x-amz-meta-sha256';

export { firstIssue, type ValidationIssue } from './validationIssue.js';
