import { MULTIPART_LIMITS, type UserMetadata } from './contract.js';
import { MultipartUploadError } from './errors.js';
import { completeUpload } from './multipartComplete.js';
import { uploadParts } from './multipartParts.js';
import { createUpload, type MultipartContext, resumeUpload } from './multipartStart.js';
import type { PresignClient } from './PresignClient.js';
import type { UploadSource } from './UploadSource.js';

export { MultipartUploadError };

/** Where an upload stands: `loaded` of `total` bytes are stored; `part` is the part that just finished. */
export interface UploadProgress {
  loaded: number;
  total: number;
  part?: number;
}

/** What to keep to resume a multipart upload after a crash. */
export interface MultipartState {
  s3Key: string;
  uploadId: string;
  partSize: number;
  /** The handler's plan for this upload (announced length and part size); parts and completion need it. */
  uploadPlan?: string;
}

/** Options of a multipart upload. */
export interface MultipartOptions {
  /** Bytes per part (default 5 MiB, as lib-storage; raised so that no object needs more than 10,000 parts). */
  partSize?: number;
  /** Parts in flight at once (default 4). Memory stays about `partSize * (concurrency + 1)`. */
  concurrency?: number;
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting stops the upload and deletes its parts (AbortMultipartUpload). */
  signal?: AbortSignal;
  /** Continue this upload: parts already stored with the same SHA-256 are not sent again. */
  resume?: { s3Key: string; uploadId: string; uploadPlan?: string };
  /** Called once S3 has given the upload an id: persist it to resume after a crash. */
  onStarted?: (state: MultipartState) => void | Promise<void>;
}

/** What the object is. */
export interface MultipartObject {
  fileName: string;
  contentType: string;
  contentEncoding?: 'gzip';
  metadata?: UserMetadata;
  expiresIn?: number;
}

/** The outcome of a multipart upload. */
export interface MultipartResult {
  s3Key: string;
  uploadId: string;
  bytes: number;
  parts: number;
  /** S3's composite checksum: base64 SHA-256 of the part digests, then `-<parts>`. Not the object's SHA-256. */
  sha256: string;
  /**
   * SHA-256 of the whole object (base64), what `sha256sum` of the file gives: computed while the parts are read,
   * in Node; `undefined` in browsers (Web Crypto has no incremental SHA-256).
   */
  objectSha256: string | undefined;
  /** Part PUTs sent, retries included (parts that were already there on resume count 0). */
  attempts: number;
}

const MiB = 1024 * 1024;

/** The part size for `size` bytes: at least `requested` (default 5 MiB), and large enough for 10,000 parts. */
export function choosePartSize(size: number, requested?: number): number {
  const floor = Math.ceil(size / MULTIPART_LIMITS.maxParts / MiB) * MiB;
  // 5 MiB parts, 4 in flight: a 1 GB upload peaks under 100 MB RSS in Node and still outpaces lib-storage.
  const partSize = Math.max(requested ?? 5 * MiB, floor, MULTIPART_LIMITS.minPartSize);
  if (partSize > MULTIPART_LIMITS.maxPartSize)
    throw new RangeError('object too large for a multipart upload');
  return partSize;
}

/**
 * Uploads `source` to S3 in parts through the presign function: every part's length and SHA-256 are signed,
 * parts go up in parallel, failed parts are retried (a fresh URL when one expires), and the upload completes with
 * `If-None-Match: *`. Reading is part by part, so memory stays bounded whatever the size.
 * @internal
 */
export async function uploadMultipart(
  client: PresignClient,
  source: UploadSource,
  object: MultipartObject,
  options: MultipartOptions = {},
): Promise<MultipartResult> {
  const { signal } = options;
  const context: MultipartContext = { client, source, object, signal };
  const partSize = choosePartSize(source.size, options.partSize);
  // 1. Start, or find what a crashed run left.
  const found = options.resume
    ? await resumeUpload(context, options.resume, partSize)
    : await createUpload(context, partSize);
  if ('finished' in found) return found.finished;
  const { s3Key, uploadId } = found;
  const state = { s3Key, uploadId };
  await options.onStarted?.({
    ...state,
    partSize: found.partSize,
    ...(found.uploadPlan === undefined ? {} : { uploadPlan: found.uploadPlan }),
  });
  // 2. Parts, `concurrency` at a time.
  let outcome: Awaited<ReturnType<typeof uploadParts>>;
  try {
    outcome = await uploadParts(context, found, options);
  } catch (failure) {
    if (signal?.aborted) {
      await abortUpload(client, state).catch(() => undefined);
      throw signal.reason;
    }
    throw new MultipartUploadError(
      `multipart upload of ${s3Key} failed: ${(failure as Error).message}`,
      state,
      {
        cause: failure,
      },
    );
  }
  // 3. Complete.
  const sha256 = await completeUpload(context, found, outcome.parts);
  return {
    s3Key,
    uploadId,
    bytes: source.size,
    parts: Math.max(1, Math.ceil(source.size / found.partSize)),
    sha256,
    objectSha256: outcome.objectSha256,
    attempts: outcome.attempts,
  };
}

/**
 * Aborts a multipart upload (S3 drops its parts). Used on cancellation; also for cleaning up a failed upload
 * that will not be resumed.
 *
 * @example
 * await abortUpload(client, { s3Key: error.s3Key, uploadId: error.uploadId });
 */
export async function abortUpload(
  client: PresignClient,
  state: { s3Key: string; uploadId: string },
): Promise<void> {
  const presigned = await client.presign({ action: 'multipart-abort', ...state });
  const response = await client.s3(presigned, {});
  await response.arrayBuffer();
}
