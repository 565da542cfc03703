import { listPartsOf, type StoredPart, uploadIdOf } from '@mv/chat-log-contract/s3Xml';
import { ChatLogError, MultipartUploadError, S3TransferError } from './errors.js';
import type { MultipartObject, MultipartOptions, MultipartResult } from './multipartTypes.js';
import type { PresignClient } from './PresignClient.js';
import { retrySigned } from './retry.js';
import { compositeSha256, incrementalSha256, sha256Digest } from './sha256.js';
import { storedObject } from './storedObject.js';
import type { UploadSource } from './UploadSource.js';

/** What a multipart run works on. @internal */
export interface MultipartContext {
  client: PresignClient;
  source: UploadSource;
  object: MultipartObject;
  signal: AbortSignal | undefined;
}

/** A multipart upload S3 knows: its key, id, part size, plan and the parts it already has. @internal */
export interface MultipartSession {
  s3Key: string;
  uploadId: string;
  partSize: number;
  uploadPlan: string | undefined;
  stored: Map<number, StoredPart>;
}

/** `expiresIn` of the object, for every request of the upload. @internal */
export function expiresOf(object: MultipartObject): { expiresIn?: number } {
  return object.expiresIn === undefined ? {} : { expiresIn: object.expiresIn };
}

/**
 * Starts a multipart upload (CreateMultipartUpload through the presign function). @internal
 *
 * @example
 * const session = await createUpload(context, choosePartSize(source.size));
 */
export async function createUpload(context: MultipartContext, partSize: number): Promise<MultipartSession> {
  const { client, source, object, signal } = context;
  const created = await retrySigned(
    client.retry,
    () =>
      client.presign(
        {
          action: 'multipart-create',
          fileName: object.fileName,
          contentType: object.contentType,
          contentLength: source.size,
          partSize,
          ...(object.contentEncoding === undefined ? {} : { contentEncoding: object.contentEncoding }),
          ...(object.metadata === undefined ? {} : { metadata: object.metadata }),
          ...expiresOf(object),
        },
        signal,
      ),
    async (p) => ({
      s3Key: p.s3Key,
      uploadPlan: p.uploadPlan,
      xml: await (await client.s3(p, {}, signal)).text(),
    }),
    { signal },
  );
  const uploadId = uploadIdOf(created.xml);
  if (!uploadId) throw new ChatLogError('S3 did not return an UploadId for the multipart upload');
  return { s3Key: created.s3Key, uploadId, partSize, uploadPlan: created.uploadPlan, stored: new Map() };
}

/** S3's checksums of an object already stored from `source` in parts of `partSize`. */
async function compositeOf(
  source: UploadSource,
  partSize: number,
): Promise<{ sha256: string; objectSha256: string | undefined }> {
  const digests: Uint8Array[] = [];
  const whole = incrementalSha256();
  for (let start = 0; start < source.size || digests.length === 0; start += partSize) {
    const bytes = await source.read(start, Math.min(source.size, start + partSize));
    digests.push(await sha256Digest(bytes));
    whole?.update(bytes);
    source.release?.(bytes);
  }
  return { sha256: await compositeSha256(digests), objectSha256: whole?.digest() };
}

/** Every part S3 has of the upload (ListParts, page by page). */
async function listStoredParts(
  context: MultipartContext,
  s3Key: string,
  uploadId: string,
): Promise<Map<number, StoredPart>> {
  const { client, signal } = context;
  const stored = new Map<number, StoredPart>();
  let marker: number | undefined = 0;
  while (marker !== undefined) {
    const partNumberMarker: number = marker;
    const xml = await retrySigned(
      client.retry,
      () =>
        client.presign(
          {
            action: 'multipart-list-parts',
            s3Key,
            uploadId,
            partNumberMarker,
            ...expiresOf(context.object),
          },
          signal,
        ),
      async (p) => (await client.s3(p, {}, signal)).text(),
      { signal },
    );
    const page = listPartsOf(xml);
    for (const part of page.parts) stored.set(part.partNumber, part);
    marker = page.nextMarker;
  }
  return stored;
}

/**
 * Finds what a crashed run left of an upload: its stored parts, or, when S3 no longer has the upload because that
 * run completed it, the finished result. @internal
 *
 * @example
 * const found = await resumeUpload(context, options.resume, choosePartSize(source.size));
 * if ('finished' in found) return found.finished;
 */
export async function resumeUpload(
  context: MultipartContext,
  resume: NonNullable<MultipartOptions['resume']>,
  partSize: number,
): Promise<MultipartSession | { finished: MultipartResult }> {
  const { s3Key, uploadId, uploadPlan } = resume;
  const { source } = context;
  let stored: Map<number, StoredPart>;
  try {
    stored = await listStoredParts(context, s3Key, uploadId);
  } catch (error) {
    // NoSuchUpload: completed or aborted. Completed by the run that crashed means there is nothing left to do.
    const existing =
      error instanceof S3TransferError && error.status === 404
        ? await storedObject(context.client, s3Key, context.signal)
        : undefined;
    if (existing) {
      const size = existing.partSize ?? partSize;
      const parts = Math.max(1, Math.ceil(source.size / size));
      const checksums = await compositeOf(source, size);
      return { finished: { s3Key, uploadId, bytes: source.size, parts, ...checksums, attempts: 0 } };
    }
    throw new MultipartUploadError(
      `cannot resume upload of ${s3Key}: ${(error as Error).message}`,
      { s3Key, uploadId },
      { cause: error },
    );
  }
  const first = stored.get(1);
  const resumedPartSize = first && first.size !== Math.min(partSize, source.size) ? first.size : partSize;
  return { s3Key, uploadId, partSize: resumedPartSize, uploadPlan, stored };
}
