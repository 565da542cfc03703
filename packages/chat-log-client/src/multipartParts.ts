import { ChatLogError } from './errors.js';
import type { MultipartContext, MultipartSession } from './multipartStart.js';
import { expiresOf } from './multipartStart.js';
import type { UploadProgress } from './multipartTypes.js';
import { retrySigned } from './retry.js';
import { incrementalSha256, sha256Base64 } from './sha256.js';

/** A part S3 has: what CompleteMultipartUpload lists. @internal */
export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksumSha256: string;
}

/** What the parts step did. @internal */
export interface PartsOutcome {
  parts: CompletedPart[];
  /** Part PUTs sent, retries included. */
  attempts: number;
  /** SHA-256 of the whole object (base64), in Node; `undefined` in browsers. */
  objectSha256: string | undefined;
}

/**
 * Tries per part (at least): with 12 % of requests failing, 6 tries lose a part of a 1 GB upload about 1 in 1,600
 * times.
 */
const PART_ATTEMPTS = 6;

/**
 * Stores every part that S3 does not already have, `concurrency` at a time; the first hard failure stops the rest
 * and is thrown. Each part's length and SHA-256 are signed; the object's SHA-256 is computed on the way. @internal
 *
 * @example
 * const { parts, attempts, objectSha256 } = await uploadParts(context, session, { concurrency: 4 });
 */
export async function uploadParts(
  context: MultipartContext,
  session: MultipartSession,
  options: {
    concurrency?: number | undefined;
    onProgress?: ((progress: UploadProgress) => void) | undefined;
  },
): Promise<PartsOutcome> {
  const { client, source, signal } = context;
  const { s3Key, uploadId, partSize, stored } = session;
  const plan = session.uploadPlan === undefined ? {} : { uploadPlan: session.uploadPlan };
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

  /** PUTs one part with retries (a fresh URL when one expires) and answers its ETag. */
  const putPart = (partNumber: number, bytes: Uint8Array, checksumSha256: string) =>
    retrySigned(
      client.retry,
      async () => {
        const signed = await client.presignParts(
          {
            action: 'multipart-sign-parts',
            s3Key,
            uploadId,
            ...plan,
            parts: [{ partNumber, contentLength: bytes.length, checksumSha256 }],
            ...expiresOf(context.object),
          },
          partSignal,
        );
        const part = signed.parts[0]!;
        return { ...part, s3Key, timestamp: signed.timestamp, expiresAt: signed.expiresAt };
      },
      async (p) => {
        attempts += 1;
        const response = await client.s3(p, { body: bytes }, partSignal);
        await response.arrayBuffer();
        const value = response.headers.get('etag');
        if (!value) throw new ChatLogError('S3 hid the part ETag: add ETag to the bucket CORS ExposeHeaders');
        return value;
      },
      // A large object has hundreds of parts: a budget that is ample for one request would, over all of them,
      // make a flaky network fail the whole upload. Each part gets at least PART_ATTEMPTS tries.
      { signal, minAttempts: PART_ATTEMPTS },
    );

  const storePart = async (partNumber: number, bytes: Uint8Array) => {
    const checksumSha256 = await sha256Base64(bytes);
    const already = stored.get(partNumber);
    // A stored part counts when its SHA-256 matches. Where the store does not list part checksums, the size must
    // match; CompleteMultipartUpload carries every part's SHA-256 and S3 refuses a part that differs.
    const sameChecksum = already?.checksumSha256 === undefined || already.checksumSha256 === checksumSha256;
    const etag =
      already && already.size === bytes.length && sameChecksum
        ? already.etag
        : await putPart(partNumber, bytes, checksumSha256);
    done.set(partNumber, { etag, checksumSha256 });
    loaded += bytes.length;
    options.onProgress?.({ loaded, total: source.size, part: partNumber });
  };

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
  if (failure !== undefined) throw failure;
  const parts = [...done.entries()]
    .map(([partNumber, part]) => ({ partNumber, ...part }))
    .sort((a, b) => a.partNumber - b.partNumber);
  return { parts, attempts, objectSha256: whole?.digest() };
}
