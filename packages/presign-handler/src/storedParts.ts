import { listPartsOf, type MultipartCompleteRequest } from '@mv/chat-log-contract';
import { UploadExceedsPlanError } from './errors.js';
import type { PresignDeps } from './presign.js';
import { planParts, type UploadPlan } from './uploadPlan.js';

/** ListParts answers at most 1,000 parts a page and an upload has at most 10,000: 10 pages, plus one to be sure. */
const MAX_PAGES = 11;

/** S3 could not be asked which parts it holds; the caller sees a generic 500, the log keeps the status. */
export class StoredPartsUnavailableError extends Error {
  readonly status: number;
  constructor(status: number, options?: ErrorOptions) {
    super(`ListParts answered HTTP ${status}`, options);
    this.name = 'StoredPartsUnavailableError';
    this.status = status;
  }
}

/**
 * Reads the parts S3 holds for the upload (ListParts, signed by the handler itself) and throws
 * {@link UploadExceedsPlanError} when one lies beyond the plan or is longer than the plan gives it, so together they
 * never hold more than was announced. A missing upload (404) is left to S3: the completion then fails there.
 *
 * @example
 * await checkStoredParts(plan, { s3Key, uploadId }, deps); // throws 413 for an 18 MiB upload announced as 1 byte
 */
export async function checkStoredParts(
  plan: UploadPlan,
  upload: Pick<MultipartCompleteRequest, 's3Key' | 'uploadId'>,
  deps: PresignDeps,
): Promise<void> {
  const { partCount, partLength } = planParts(plan);
  let marker: number | undefined = 0;
  for (let page = 0; marker !== undefined; page++) {
    if (page === MAX_PAGES) throw new StoredPartsUnavailableError(200, { cause: 'ListParts never ended' });
    const signed = await deps.signer.presignListParts({
      key: upload.s3Key,
      uploadId: upload.uploadId,
      partNumberMarker: marker,
      expiresIn: 60,
      signingDate: deps.now(),
    });
    const response = await fetch(signed.url, { method: signed.method, headers: signed.headers });
    const xml = await response.text();
    if (response.status === 404) return;
    if (!response.ok) throw new StoredPartsUnavailableError(response.status);
    const { parts, nextMarker } = listPartsOf(xml);
    for (const part of parts) {
      const planned = partLength(part.partNumber);
      if (planned === undefined) {
        throw new UploadExceedsPlanError(
          `part ${part.partNumber} is beyond the upload's plan of ${partCount} part(s); abort the upload`,
        );
      }
      if (part.size > planned) {
        throw new UploadExceedsPlanError(
          `part ${part.partNumber} holds ${part.size} bytes, more than the ${planned} planned; abort the upload`,
        );
      }
    }
    marker = nextMarker;
  }
}
