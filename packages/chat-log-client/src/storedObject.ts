import { PART_SIZE_METADATA_HEADER, SHA256_METADATA_HEADER } from './contract.js';
import { S3TransferError } from './errors.js';
import { isExpired } from './failureKind.js';
import type { PresignClient } from './PresignClient.js';
import { withRetries } from './retry.js';

/** What S3 says about an object that is there: the SHA-256 and part size the handler stored with it. @internal */
export interface StoredObject {
  sha256: string | undefined;
  partSize: number | undefined;
}

/**
 * The one "is this object there, and what is it?" probe: a presigned GET of one byte, not the object. Retries
 * transient failures; answers `undefined` only when S3 says the key is not there (404, or 403 without ListBucket).
 * @internal
 *
 * @example
 * const ours = (await storedObject(client, s3Key, signal))?.sha256 === sha256;
 */
export async function storedObject(
  client: PresignClient,
  s3Key: string,
  signal?: AbortSignal,
): Promise<StoredObject | undefined> {
  return withRetries(
    client.retry,
    async (): Promise<StoredObject | undefined> => {
      const presigned = await client.presign({ action: 'download', s3Key }, signal);
      const response = await client.s3(presigned, { extraHeaders: { range: 'bytes=0-0' } }, signal);
      await response.arrayBuffer();
      const partSize = Number(response.headers.get(PART_SIZE_METADATA_HEADER));
      return {
        sha256: response.headers.get(SHA256_METADATA_HEADER) ?? undefined,
        partSize: Number.isInteger(partSize) && partSize > 0 ? partSize : undefined,
      };
    },
    {
      signal,
      onFailure: (error) => {
        const absent =
          error instanceof S3TransferError &&
          (error.status === 404 || (error.status === 403 && !isExpired(error)));
        return absent ? { settled: undefined } : undefined;
      },
    },
  );
}

/**
 * Whether `s3Key` holds this very upload: the SHA-256 stored with it is the one signed for our bytes (the key is
 * unique to one upload, and S3 refused any other bytes for that checksum). @internal
 *
 * @example
 * if (await isOurs(client, presigned.s3Key, sha256, signal)) return done;
 */
export async function isOurs(
  client: PresignClient,
  s3Key: string,
  sha256: string,
  signal?: AbortSignal,
): Promise<boolean> {
  return (await storedObject(client, s3Key, signal))?.sha256 === sha256;
}
