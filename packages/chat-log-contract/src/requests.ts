/**
 * What a caller POSTs to the presign handler: one zod/mini schema per `action`, and their union.
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
