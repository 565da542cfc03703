import { completeBody, s3ErrorIn } from '@mv/chat-log-contract/s3Xml';
import { MultipartUploadError, S3TransferError } from './errors.js';
import type { CompletedPart } from './multipartParts.js';
import { expiresOf, type MultipartContext, type MultipartSession } from './multipartStart.js';
import { retrySigned } from './retry.js';
import { compositeSha256 } from './sha256.js';
import { storedObject } from './storedObject.js';

/**
 * Completes the upload (CompleteMultipartUpload, sent with `If-None-Match: *`) and answers S3's composite checksum.
 * A retry after a lost answer finds NoSuchUpload (or 412): then the object is there, and it is ours. @internal
 *
 * @example
 * const sha256 = await completeUpload(context, session, parts);
 */
export async function completeUpload(
  context: MultipartContext,
  session: MultipartSession,
  parts: readonly CompletedPart[],
): Promise<string> {
  const { client, signal } = context;
  const { s3Key, uploadId } = session;
  const plan = session.uploadPlan === undefined ? {} : { uploadPlan: session.uploadPlan };
  const body = completeBody(parts);
  let ambiguous = false;
  try {
    await retrySigned(
      client.retry,
      () =>
        client.presign(
          { action: 'multipart-complete', s3Key, uploadId, ...plan, ...expiresOf(context.object) },
          signal,
        ),
      async (p) => {
        try {
          const xml = await (await client.s3(p, { body }, signal)).text();
          const error = s3ErrorIn(xml);
          if (error) throw new S3TransferError(500, error.code, error.message);
        } catch (error) {
          if (!(error instanceof S3TransferError) || error.status >= 500) ambiguous = true;
          throw error;
        }
      },
      { signal },
    );
  } catch (error) {
    const settled = error instanceof S3TransferError && (error.status === 404 || error.status === 412);
    if (!(ambiguous && settled && (await storedObject(client, s3Key, signal)))) {
      throw new MultipartUploadError(
        `completing ${s3Key} failed: ${(error as Error).message}`,
        { s3Key, uploadId },
        { cause: error },
      );
    }
  }
  const digests = [...parts]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((p) => Uint8Array.from(atob(p.checksumSha256), (c) => c.charCodeAt(0)));
  return compositeSha256(digests);
}
