import {
  type DownloadRequest,
  type MultipartCreateRequest,
  mediaType,
  type PresignResponse,
  RESERVED_METADATA_KEYS,
  type UploadRequest,
} from '@mv/chat-log-contract';
import type { PresignHandlerConfig } from './config.js';
import {
  BadRequestError,
  ForbiddenError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from './errors.js';
import { buildObjectKey, isOwnKey } from './objectKey.js';
import type { S3UrlSigner, SignedRequest } from './S3UrlSigner.js';
import { sanitizeFileName } from './sanitizeFileName.js';

/** What the presign core needs: settings, a signer and a clock. */
export interface PresignDeps {
  config: PresignHandlerConfig;
  signer: S3UrlSigner;
  now: () => Date;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Metadata names the handler sets itself; a caller may not override them. */
const RESERVED_METADATA = new Set(RESERVED_METADATA_KEYS);
/** S3 allows 2 KB of user metadata; keep room for the handler's own. */
const MAX_METADATA_BYTES = 1800;

/** @internal */
export function expiresIn(requested: number | undefined, config: PresignHandlerConfig): number {
  const seconds = requested ?? config.defaultExpiresSeconds;
  if (seconds > config.maxExpiresSeconds) {
    throw new BadRequestError('expiresIn', `expiresIn must be at most ${config.maxExpiresSeconds} seconds`);
  }
  return seconds;
}

/** @internal */
export function toResponse(
  signed: SignedRequest,
  s3Key: string,
  now: Date,
  seconds: number,
): PresignResponse {
  return {
    presignedUrl: signed.url,
    s3Key,
    timestamp: now.toISOString(),
    expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
    method: signed.method,
    headers: signed.headers,
  };
}

/**
 * Checks what an upload and a multipart create share (content type, metadata, file name) and returns the
 * sanitised file name.
 * @internal
 */
export function checkObjectRequest(
  request: Pick<UploadRequest | MultipartCreateRequest, 'contentType' | 'fileName' | 'metadata'>,
  config: PresignHandlerConfig,
): string {
  if (!PRINTABLE_ASCII.test(request.contentType)) {
    throw new BadRequestError('contentType', 'contentType must be printable ASCII, e.g. application/json');
  }
  if (!config.allowedContentTypes.includes(mediaType(request.contentType))) {
    throw new UnsupportedMediaTypeError(config.allowedContentTypes);
  }
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(request.metadata ?? {})) {
    if (RESERVED_METADATA.has(name)) throw new BadRequestError('metadata', `metadata.${name} is reserved`);
    metadataBytes += name.length + value.length;
  }
  if (metadataBytes > MAX_METADATA_BYTES) {
    throw new BadRequestError('metadata', `metadata must be at most ${MAX_METADATA_BYTES} bytes in all`);
  }
  const fileName = sanitizeFileName(request.fileName);
  if (fileName === '') {
    throw new BadRequestError('fileName', 'fileName has no usable characters left after sanitising');
  }
  return fileName;
}

/**
 * Signs a PUT for a new object under the caller's own prefix. Content type, exact length, SHA-256 and SSE-KMS are
 * signed, so S3 itself refuses anything else.
 *
 * @example
 * const answer = await presignUpload({ action: 'upload', fileName: 'chat.json', contentType: 'application/json', contentLength: 10 }, 'alice', deps);
 */
export async function presignUpload(
  request: UploadRequest,
  principal: string,
  { config, signer, now }: PresignDeps,
): Promise<PresignResponse> {
  const fileName = checkObjectRequest(request, config);
  if (request.contentLength === undefined) {
    // Without a signed length a presigned PUT accepts up to 5 GB: the limit could not be enforced.
    throw new BadRequestError(
      'contentLength',
      `contentLength is required: it is signed so that S3 enforces the ${config.maxUploadBytes}-byte limit`,
    );
  }
  if (request.contentLength > config.maxUploadBytes) throw new PayloadTooLargeError(config.maxUploadBytes);
  const seconds = expiresIn(request.expiresIn, config);
  const signingDate = now();
  const s3Key = buildObjectKey(config.keyPrefix, principal, fileName, signingDate);
  const signed = await signer.presignPut({
    key: s3Key,
    contentType: request.contentType,
    contentLength: request.contentLength,
    checksumSha256: request.checksumSha256,
    kmsKeyId: config.kmsKeyId,
    contentEncoding: request.contentEncoding,
    metadata: request.metadata,
    ifNoneMatch: true,
    expiresIn: seconds,
    signingDate,
  });
  return toResponse(signed, s3Key, signingDate, seconds);
}

/**
 * Signs a GET for one of the caller's own objects (403 for anything outside its prefix). Checksum mode is signed
 * so S3 returns the stored SHA-256 and the client can verify what it received.
 *
 * @example
 * const answer = await presignDownload({ action: 'download', s3Key }, 'alice', deps);
 */
export async function presignDownload(
  request: DownloadRequest,
  principal: string,
  { config, signer, now }: PresignDeps,
): Promise<PresignResponse> {
  if (!isOwnKey(config.keyPrefix, principal, request.s3Key)) {
    throw new ForbiddenError('s3Key is not inside your own prefix');
  }
  const seconds = expiresIn(request.expiresIn, config);
  const signingDate = now();
  const signed = await signer.presignGet({
    key: request.s3Key,
    expiresIn: seconds,
    signingDate,
    checksumMode: true,
  });
  return toResponse(signed, request.s3Key, signingDate, seconds);
}
