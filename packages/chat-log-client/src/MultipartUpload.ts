import { MULTIPART_LIMITS, type PresignResponse, type UserMetadata } from './contract.js';
import { ChatLogError, S3TransferError } from './errors.js';
import { isExpired, isRetryable, type PresignClient } from './PresignClient.js';
import { backoffDelay, sleep } from './retry.js';
import { completeBody, listPartsOf, type StoredPart, s3ErrorIn, uploadIdOf } from './s3Xml.js';
import { compositeSha256, incrementalSha256, sha256Base64, sha256Digest } from './sha256.js';
import type { UploadSource } from './UploadSource.js';

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

/** A multipart upload failed; `s3Key` and `uploadId` let {@link MultipartOptions.resume} continue it. */
export class MultipartUploadError extends ChatLogError {
  readonly s3Key: string;
  readonly uploadId: string;
  constructor(message: string, state: { s3Key: string; uploadId: string }, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MultipartUploadError';
    this.s3Key = state.s3Key;
    this.uploadId = state.uploadId;
  }
}

const MiB = 1024 * 1024;
/** Tries per part (at least): with 12 % of requests failing, 6 tries lose a part of a 1 GB upload about 1 in 1,600 times. */
const PART_ATTEMPTS = 6;

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
  const retry = client.retry;
  const expires = object.expiresIn === undefined ? {} : { expiresIn: object.expiresIn };

  /** Runs one S3 step with retries; `step` gets a fresh presigned request whenever the previous one expired. */
  async function withRetries<T>(
    sign: () => Promise<PresignResponse>,
    step: (p: PresignResponse) => Promise<T>,
    attempts = retry.attempts,
  ) {
    let presigned = await sign();
    for (let attempt = 1; ; attempt++) {
      try {
        return await step(presigned);
      } catch (error) {
        if (attempt >= attempts || signal?.aborted) throw error;
        if (isExpired(error)) presigned = await sign();
        else if (isRetryable(error)) await sleep(backoffDelay(retry, attempt), signal);
        else throw error;
      }
    }
  }

  /** Whether the object exists (one byte read); it answers with the part size it was uploaded with. */
  async function objectExists(s3Key: string): Promise<{ partSize: number | undefined } | undefined> {
    try {
      const presigned = await client.presign({ action: 'download', s3Key }, signal);
      const response = await client.s3(presigned, { extraHeaders: { range: 'bytes=0-0' } }, signal);
      await response.arrayBuffer();
      const partSize = Number(response.headers.get('x-amz-meta-mv-part-size'));
      return { partSize: Number.isInteger(partSize) && partSize > 0 ? partSize : undefined };
    } catch (error) {
      if (error instanceof S3TransferError && (error.status === 404 || error.status === 403))
        return undefined;
      throw error;
    }
  }

  async function compositeOf(
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

  // 1. Start, or find what a crashed run left.
  let s3Key: string;
  let uploadId: string;
  let partSize: number;
  let uploadPlan: string | undefined;
  const stored = new Map<number, StoredPart>();
  if (options.resume) {
    ({ s3Key, uploadId, uploadPlan } = options.resume);
    partSize = choosePartSize(source.size, options.partSize);
    try {
      let marker: number | undefined = 0;
      while (marker !== undefined) {
        const partNumberMarker: number = marker;
        const xml = await withRetries(
          () =>
            client.presign(
              { action: 'multipart-list-parts', s3Key, uploadId, partNumberMarker, ...expires },
              signal,
            ),
          async (p) => (await client.s3(p, {}, signal)).text(),
        );
        const page = listPartsOf(xml);
        for (const part of page.parts) stored.set(part.partNumber, part);
        marker = page.nextMarker;
      }
    } catch (error) {
      // NoSuchUpload: completed or aborted. Completed by the run that crashed means there is nothing left to do.
      const existing =
        error instanceof S3TransferError && error.status === 404 ? await objectExists(s3Key) : undefined;
      if (existing) {
        const size = existing.partSize ?? partSize;
        const parts = Math.max(1, Math.ceil(source.size / size));
        return { s3Key, uploadId, bytes: source.size, parts, ...(await compositeOf(size)), attempts: 0 };
      }
      throw new MultipartUploadError(
        `cannot resume upload of ${s3Key}: ${(error as Error).message}`,
        { s3Key, uploadId },
        { cause: error },
      );
    }
    const first = stored.get(1);
    if (first && first.size !== Math.min(partSize, source.size)) partSize = first.size;
  } else {
    partSize = choosePartSize(source.size, options.partSize);
    const created = await withRetries(
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
            ...expires,
          },
          signal,
        ),
      async (p) => ({
        s3Key: p.s3Key,
        uploadPlan: p.uploadPlan,
        xml: await (await client.s3(p, {}, signal)).text(),
      }),
    );
    s3Key = created.s3Key;
    uploadPlan = created.uploadPlan;
    const id = uploadIdOf(created.xml);
    if (!id) throw new ChatLogError('S3 did not return an UploadId for the multipart upload');
    uploadId = id;
  }
  const state = { s3Key, uploadId };
  const plan = uploadPlan === undefined ? {} : { uploadPlan };
  await options.onStarted?.({ ...state, partSize, ...plan });

  // 2. Parts, `concurrency` at a time; the first hard failure stops the rest.
  const partCount = Math.max(1, Math.ceil(source.size / partSize));
  const done = new Map<number, { etag: string; checksumSha256: string }>();
  const inner = new AbortController();
  const partSignal = signal ? AbortSignal.any([signal, inner.signal]) : inner.signal;
  let loaded = 0;
  let attempts = 0;
  let next = 1;
  let failure: unknown;
  // The object's SHA-256, fed part by part in order: each part waits for the one before it to be hashed (parts
  // are claimed in order, so the chain follows part numbers; reads are local and quick, uploads still overlap).
  const whole = incrementalSha256();
  let hashed = Promise.resolve();

  const sendPart = async (partNumber: number) => {
    const start = (partNumber - 1) * partSize;
    const previous = hashed;
    let turnDone = () => {};
    hashed = new Promise<void>((resolve) => {
      turnDone = resolve;
    });
    let bytes: Uint8Array;
    try {
      bytes = await source.read(start, Math.min(source.size, start + partSize));
      await previous;
      whole?.update(bytes);
    } finally {
      turnDone();
    }
    try {
      await storePart(partNumber, bytes);
    } finally {
      source.release?.(bytes);
    }
  };

  const storePart = async (partNumber: number, bytes: Uint8Array) => {
    const checksumSha256 = await sha256Base64(bytes);
    const already = stored.get(partNumber);
    // A stored part counts when its SHA-256 matches. Where the store does not list part checksums, the size must
    // match; CompleteMultipartUpload carries every part's SHA-256 and S3 refuses a part that differs.
    const sameChecksum = already?.checksumSha256 === undefined || already.checksumSha256 === checksumSha256;
    if (already && already.size === bytes.length && sameChecksum) {
      done.set(partNumber, { etag: already.etag, checksumSha256 });
    } else {
      const sign = async () => {
        const signed = await client.presignParts(
          {
            action: 'multipart-sign-parts',
            s3Key,
            uploadId,
            ...plan,
            parts: [{ partNumber, contentLength: bytes.length, checksumSha256 }],
            ...expires,
          },
          partSignal,
        );
        const part = signed.parts[0]!;
        return { ...part, s3Key, timestamp: signed.timestamp, expiresAt: signed.expiresAt };
      };
      // A large object has hundreds of parts: a budget that is ample for one request would, over all of them,
      // make a flaky network fail the whole upload. Each part gets at least PART_ATTEMPTS tries.
      const etag = await withRetries(
        sign,
        async (p) => {
          attempts += 1;
          const response = await client.s3(p, { body: bytes }, partSignal);
          await response.arrayBuffer();
          const value = response.headers.get('etag');
          if (!value)
            throw new ChatLogError('S3 hid the part ETag: add ETag to the bucket CORS ExposeHeaders');
          return value;
        },
        Math.max(retry.attempts, PART_ATTEMPTS),
      );
      done.set(partNumber, { etag, checksumSha256 });
    }
    loaded += bytes.length;
    options.onProgress?.({ loaded, total: source.size, part: partNumber });
  };

  const worker = async () => {
    while (failure === undefined && next <= partCount) {
      const partNumber = next++;
      try {
        await sendPart(partNumber);
      } catch (error) {
        failure ??= error;
        inner.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, partCount) }, worker));

  if (failure !== undefined) {
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

  // 3. Complete. A retry after a lost answer finds NoSuchUpload (or 412): then the object is there, and it is ours.
  const parts = [...done.entries()].map(([partNumber, part]) => ({ partNumber, ...part }));
  const body = completeBody(parts);
  let ambiguous = false;
  try {
    await withRetries(
      () => client.presign({ action: 'multipart-complete', s3Key, uploadId, ...plan, ...expires }, signal),
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
    );
  } catch (error) {
    const settled = error instanceof S3TransferError && (error.status === 404 || error.status === 412);
    if (!(ambiguous && settled && (await objectExists(s3Key)))) {
      throw new MultipartUploadError(`completing ${s3Key} failed: ${(error as Error).message}`, state, {
        cause: error,
      });
    }
  }
  const digests = parts
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((p) => Uint8Array.from(atob(p.checksumSha256), (c) => c.charCodeAt(0)));
  return {
    s3Key,
    uploadId,
    bytes: source.size,
    parts: partCount,
    sha256: await compositeSha256(digests),
    objectSha256: whole?.digest(),
    attempts,
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
