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

/** S3 user metadata the caller wants stored (sent as signed `x-amz-meta-<key>` headers). ASCII, lower-case keys. */
export const UserMetadata = z.record(
  z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/)),
  z.string().check(z.maxLength(1024), z.regex(/^[\x20-\x7e]*$/)),
);
export type UserMetadata = z.infer<typeof UserMetadata>;

/** `gzip`: the bytes are gzip-compressed and stored with `Content-Encoding: gzip`. */
export const ContentEncoding = z.enum(['gzip']);

/** The id S3 gives a multipart upload. */
export const UploadId = z.string().check(z.minLength(1), z.maxLength(1024), z.regex(/^[A-Za-z0-9._~+=/-]+$/));

const S3Key = z.string().check(z.minLength(1), z.maxLength(1024));

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
  contentEncoding: z.optional(ContentEncoding),
  metadata: z.optional(UserMetadata),
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
  s3Key: S3Key,
  expiresIn: z.optional(Seconds),
});
export type DownloadRequest = z.infer<typeof DownloadRequest>;

/**
 * Start a multipart upload of `contentLength` bytes in parts of `partSize` (the last may be smaller). The answer
 * is a presigned `POST ?uploads`; S3's reply carries the `UploadId`.
 */
export const MultipartCreateRequest = z.object({
  action: z.literal('multipart-create'),
  fileName: z.string().check(z.minLength(1), z.maxLength(1024)),
  contentType: z.string().check(z.minLength(1), z.maxLength(255)),
  contentLength: z.int().check(z.minimum(0)),
  partSize: z.int().check(z.minimum(1)),
  contentEncoding: z.optional(ContentEncoding),
  metadata: z.optional(UserMetadata),
  expiresIn: z.optional(Seconds),
});
export type MultipartCreateRequest = z.infer<typeof MultipartCreateRequest>;

/** One part to sign: its number, exact length and SHA-256 (both signed, so S3 refuses anything else). */
export const PartToSign = z.object({
  partNumber: z.int().check(z.minimum(1), z.maximum(10_000)),
  contentLength: z.int().check(z.minimum(0)),
  checksumSha256: Sha256Base64,
});
export type PartToSign = z.infer<typeof PartToSign>;

/**
 * The upload plan a `multipart-create` answer carries (`uploadPlan`): opaque, issued and checked by the handler. It
 * binds the key to the announced length and part size; sign-parts and complete must send it back.
 */
const UploadPlan = z.string().check(z.minLength(1), z.maxLength(2048));

/** Sign PUTs for up to 100 parts of one multipart upload. */
export const MultipartSignPartsRequest = z.object({
  action: z.literal('multipart-sign-parts'),
  s3Key: S3Key,
  uploadId: UploadId,
  /** The `uploadPlan` of the create answer (handlers that bind parts to the announced size require it). */
  uploadPlan: z.optional(UploadPlan),
  parts: z.array(PartToSign).check(z.minLength(1), z.maxLength(100)),
  expiresIn: z.optional(Seconds),
});
export type MultipartSignPartsRequest = z.infer<typeof MultipartSignPartsRequest>;

/** Sign a `GET ?uploadId` (ListParts): what is already there, to resume. */
export const MultipartListPartsRequest = z.object({
  action: z.literal('multipart-list-parts'),
  s3Key: S3Key,
  uploadId: UploadId,
  partNumberMarker: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
  expiresIn: z.optional(Seconds),
});
export type MultipartListPartsRequest = z.infer<typeof MultipartListPartsRequest>;

const finishRequest = <A extends string>(action: A) =>
  z.object({ action: z.literal(action), s3Key: S3Key, uploadId: UploadId, expiresIn: z.optional(Seconds) });

/**
 * Sign a `POST ?uploadId` (CompleteMultipartUpload); the client sends the part list as the body. With `uploadPlan`
 * the handler first checks the stored parts against the announced size.
 */
export const MultipartCompleteRequest = z.object({
  ...finishRequest('multipart-complete').shape,
  uploadPlan: z.optional(UploadPlan),
});
export type MultipartCompleteRequest = z.infer<typeof MultipartCompleteRequest>;

/** Sign a `DELETE ?uploadId` (AbortMultipartUpload): S3 drops the parts uploaded so far. */
export const MultipartAbortRequest = finishRequest('multipart-abort');
export type MultipartAbortRequest = z.infer<typeof MultipartAbortRequest>;

/** The body of `POST <function URL>`. */
export const PresignRequest = z.discriminatedUnion('action', [
  UploadRequest,
  DownloadRequest,
  MultipartCreateRequest,
  MultipartSignPartsRequest,
  MultipartListPartsRequest,
  MultipartCompleteRequest,
  MultipartAbortRequest,
]);
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
  method: z.enum(['PUT', 'GET', 'POST', 'DELETE']),
  headers: z.record(z.string(), z.string()),
  /** `multipart-create` only: send it back with every `multipart-sign-parts` and `multipart-complete`. */
  uploadPlan: z.optional(z.string()),
});
export type PresignResponse = z.infer<typeof PresignResponse>;

/** The 200 answer to `multipart-sign-parts`: one signed PUT per part. */
export const PresignPartsResponse = z.object({
  s3Key: z.string(),
  uploadId: z.string(),
  timestamp: z.string(),
  expiresAt: z.string(),
  parts: z.array(
    z.object({
      partNumber: z.int(),
      presignedUrl: z.string().check(z.minLength(1)),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()),
    }),
  ),
});
export type PresignPartsResponse = z.infer<typeof PresignPartsResponse>;

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

/** The body of every non-200 answer (the edge's one error body). `details.field` names the request field a 400 is about. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.optional(z.unknown()),
    /** Same as `details.field`; kept for clients written against 0.1. */
    field: z.optional(z.string()),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** The prefix S3 puts before each user metadata key in headers. */
export const USER_METADATA_PREFIX = 'x-amz-meta-';
/** User metadata key with the SHA-256 of a single-PUT object (base64), set by the handler. */
export const SHA256_METADATA_KEY = 'sha256';
/** User metadata key with a multipart object's part size, set by the handler. */
export const PART_SIZE_METADATA_KEY = 'mv-part-size';
/** Metadata keys the handler sets itself: a request that sends one is refused (400). */
export const RESERVED_METADATA_KEYS: readonly string[] = [SHA256_METADATA_KEY, PART_SIZE_METADATA_KEY];

/** The header of S3's stored SHA-256 (whole object, or composite `<base64>-<parts>` for multipart). */
export const CHECKSUM_SHA256_HEADER = 'x-amz-checksum-sha256';
/** `COMPOSITE` or `FULL_OBJECT`: which kind of checksum {@link CHECKSUM_SHA256_HEADER} is. */
export const CHECKSUM_TYPE_HEADER = 'x-amz-checksum-type';
/** Headers S3 reads back on a GET so the downloader can verify what it received. @internal */
export const CHECKSUM_MODE_HEADER = 'x-amz-checksum-mode';
/** User metadata that carries the SHA-256 for S3-compatible stores that do not keep checksums. @internal */
export const SHA256_METADATA_HEADER = `${USER_METADATA_PREFIX}${SHA256_METADATA_KEY}`;
/** User metadata with a multipart object's part size, so its composite checksum can be recomputed. @internal */
export const PART_SIZE_METADATA_HEADER = `${USER_METADATA_PREFIX}${PART_SIZE_METADATA_KEY}`;

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

export { listPartsOf, type StoredPart } from './s3Xml.js';
export { firstIssue, type ValidationIssue } from './validationIssue.js';
