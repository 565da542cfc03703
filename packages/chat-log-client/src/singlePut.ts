import type { PresignResponse, UploadRequest } from './contract.js';
import { S3TransferError } from './errors.js';
import { isExpired, isRetryable } from './failureKind.js';
import type { PresignClient } from './PresignClient.js';
import { withRetries } from './retry.js';
import { endpointVouchesFor } from './savedUpload.js';
import { sha256Base64 } from './sha256.js';
import { isOurs } from './storedObject.js';

/** What one PUT stored. @internal */
export interface PutAnswer {
  etag: string | undefined;
  versionId: string | undefined;
}

/** How a single-PUT upload runs. @internal */
export interface SinglePutOptions {
  /** The request for a URL, without `action`, `contentLength` and `checksumSha256` (computed here). */
  request: Omit<UploadRequest, 'action' | 'contentLength' | 'checksumSha256'>;
  /** A presigned upload saved earlier (a spool's), used if the endpoint still vouches for it. */
  presigned?: PresignResponse | undefined;
  /** Called with every new presigned upload before its PUT. */
  onPresigned?: ((presigned: PresignResponse) => void | Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
}

/** What a single-PUT upload did. @internal */
export interface SinglePutResult extends PutAnswer {
  s3Key: string;
  sha256: string;
  attempts: number;
}

/**
 * One PUT of `bytes` to a presigned URL with exactly its signed headers. No retry. @internal
 *
 * @example
 * const { etag } = await putObject(client, presigned, bytes);
 */
export async function putObject(
  client: PresignClient,
  presigned: PresignResponse,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<PutAnswer> {
  const response = await client.s3(presigned, { body: bytes }, signal);
  await response.arrayBuffer();
  return {
    etag: response.headers.get('etag') ?? undefined,
    versionId: response.headers.get('x-amz-version-id') ?? undefined,
  };
}

/**
 * Uploads `bytes` in one PUT whose length and SHA-256 are signed, so S3 stores exactly these bytes or nothing.
 * Retries reuse the key with `If-None-Match: *`, so a retry never leaves a second object; an expired URL is
 * replaced by a fresh one unless the object is already there and ours. @internal
 *
 * @example
 * const result = await uploadSinglePut(client, bytes, { request: { fileName: 'a.json', contentType: 'application/json' } });
 */
export async function uploadSinglePut(
  client: PresignClient,
  bytes: Uint8Array,
  options: SinglePutOptions,
): Promise<SinglePutResult> {
  const { signal } = options;
  const sha256 = await sha256Base64(bytes);
  const request: UploadRequest = {
    action: 'upload',
    ...options.request,
    contentLength: bytes.length,
    checksumSha256: sha256,
  };
  const fresh = async () => {
    const answer = await client.presign(request, signal);
    await options.onPresigned?.(answer);
    return answer;
  };
  const saved = options.presigned;
  const trusted = saved !== undefined && (await endpointVouchesFor(client, saved, signal));
  let presigned = trusted && saved ? saved : await fresh();
  // Whether an earlier PUT to the current key may have been stored although we never saw its answer (always
  // possible for a URL handed in: the process that saved it may have sent it before it died).
  let maybeStored = trusted;
  const result = (attempts: number, answer: Partial<PutAnswer> = {}): SinglePutResult => ({
    s3Key: presigned.s3Key,
    sha256,
    attempts,
    etag: answer.etag,
    versionId: answer.versionId,
  });
  return withRetries(
    client.retry,
    async (attempt) => result(attempt, await putObject(client, presigned, bytes, signal)),
    {
      signal,
      onFailure: async (error, { attempt, last }) => {
        // If-None-Match refused: our own earlier attempt is there. The key is unique to this upload and its
        // SHA-256 is signed, so what is stored is exactly these bytes.
        if (error instanceof S3TransferError && error.status === 412 && maybeStored) {
          return { settled: result(attempt) };
        }
        if (last) return 'fail';
        if (isExpired(error)) {
          if (maybeStored && (await isOurs(client, presigned.s3Key, sha256, signal))) {
            return { settled: result(attempt) };
          }
          presigned = await fresh();
          maybeStored = false;
          return 'now';
        }
        if (!isRetryable(error)) return 'fail';
        // A 5xx or a lost connection can come after S3 stored the bytes.
        maybeStored = true;
        return 'backoff';
      },
    },
  );
}
