import { MULTIPART_LIMITS } from './contract.js';
import { MultipartUploadError } from './errors.js';
import { completeUpload } from './multipartComplete.js';
import { uploadParts } from './multipartParts.js';
import { createUpload, type MultipartContext, resumeUpload } from './multipartStart.js';
import type { PresignClient } from './PresignClient.js';
import type { UploadSource } from './UploadSource.js';

export type {
  MultipartObject,
  MultipartOptions,
  MultipartResult,
  MultipartState,
  UploadProgress,
} from './multipartTypes.js';
export { MultipartUploadError };

import type { MultipartObject, MultipartOptions, MultipartResult } from './multipartTypes.js';

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
