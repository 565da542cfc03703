import { ChatLog } from './ChatLog.js';
import { type ChatLogContent, toBytes } from './content.js';
import { type ContentOptions, prepareContent } from './contentPipeline.js';
import type { DownloadRequest, PresignResponse, UploadRequest } from './contract.js';
import { ChatLogValidationError, S3TransferError } from './errors.js';
import { abortUpload, type MultipartOptions, uploadMultipart } from './MultipartUpload.js';
import { type ChatLogClientOptions, isExpired, isRetryable, PresignClient } from './PresignClient.js';
import type { RedactionReport } from './redaction/redactSecrets.js';
import { backoffDelay, sleep } from './retry.js';
import { endpointVouchesFor } from './savedUpload.js';
import { sha256Base64 } from './sha256.js';
import { bytesSource, type UploadSource } from './UploadSource.js';
import { firstIssue } from './validationIssue.js';

/** Options of {@link ChatLogUploader}. */
export interface ChatLogUploaderOptions extends ChatLogClientOptions {
  /** Refuse content over this many bytes before asking for a URL (default: S3's 5 TiB). */
  maxBytes?: number;
  /** Above this size uploads go multipart (default 100 MiB, the handler's default single-PUT limit). */
  multipartThreshold?: number;
  /** Refuse other content types before asking for a URL (default: the handler's default list). */
  allowedContentTypes?: readonly string[];
}

/** What to store the content as, and how to send it. */
export interface UploadMetadata extends MultipartOptions, ContentOptions {
  fileName: string;
  contentType: string;
  /** `gzip`: the content is already gzip-compressed; stored with `Content-Encoding: gzip`. */
  contentEncoding?: 'gzip';
  /** User metadata, signed into the URL and stored as `x-amz-meta-<key>`. */
  metadata?: Record<string, string>;
  /** Lifetime of the presigned URL in seconds (the handler caps it). */
  expiresIn?: number;
  /**
   * Start from this presigned upload (e.g. one an offline spool saved before it was killed) instead of asking for
   * a new one. The bytes must be the ones it was signed for. It is used only if the endpoint vouches for it (a
   * download it signs now addresses the same S3 host, bucket and key); otherwise a fresh URL is asked for.
   */
  presigned?: PresignResponse;
  /** Called with every new presigned upload before its PUT, so a spool can save it first. */
  onPresigned?: (presigned: PresignResponse) => void | Promise<void>;
}

/** What an upload did. */
export interface UploadResult {
  s3Key: string;
  bytes: number;
  /**
   * SHA-256 of the bytes, base64: signed into the URL, so S3 stored exactly these bytes. For a multipart upload,
   * S3's composite form (SHA-256 of the part digests, `-<parts>`).
   */
  sha256: string;
  /**
   * SHA-256 of the whole object (base64), the same as `sha256` for a single PUT. For a multipart upload it is the
   * digest of all the bytes (what `sha256sum` of the file gives), computed in Node while the parts are read;
   * `undefined` for a multipart upload in a browser.
   */
  objectSha256: string | undefined;
  /** PUT attempts it took (1 when nothing went wrong; parts included for a multipart upload). */
  attempts: number;
  /** Number of parts, for a multipart upload. */
  parts?: number;
  /** What redaction replaced (counts and kinds, never the values), when `redact` was on. */
  redaction?: RedactionReport;
  etag: string | undefined;
  versionId: string | undefined;
}

/** Options of {@link ChatLogUploader.upload}. */
export interface UploadLogOptions extends ContentOptions {
  /** Default: `<sessionId>.json`. */
  fileName?: string;
  expiresIn?: number;
  signal?: AbortSignal;
}

const DEFAULT_CONTENT_TYPES = ['application/json', 'application/x-ndjson', 'text/plain', 'text/markdown'];

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Uploads AI chat logs straight to S3 through presigned URLs from the presign function. The SHA-256 of the bytes
 * is signed into the URL, so S3 refuses corrupted bytes; retries reuse the same key and `If-None-Match: *`, so a
 * retry never leaves a second object behind; an expired URL is replaced by a fresh one.
 *
 * @example
 * const uploader = new ChatLogUploader({ endpoint: process.env.LAMBDA_FUNCTION_URL, token: () => session.idToken });
 * const { s3Key, sha256, attempts } = await uploader.upload({
 *   sessionId: 'session-42',
 *   messages: [{ role: 'user', content: 'Hello', timestamp: new Date().toISOString() }],
 * });
 */
export class ChatLogUploader {
  private readonly client: PresignClient;
  private readonly maxBytes: number;
  private readonly multipartThreshold: number;
  private readonly allowedContentTypes: readonly string[];

  constructor(options: ChatLogUploaderOptions = {}) {
    this.client = new PresignClient(options);
    this.maxBytes = options.maxBytes ?? 5 * 1024 ** 4;
    this.multipartThreshold = options.multipartThreshold ?? 100 * 1024 * 1024;
    this.allowedContentTypes = (options.allowedContentTypes ?? DEFAULT_CONTENT_TYPES).map(mediaType);
  }

  /**
   * Asks the presign function for a URL (the design's first step). Retries when it gets no answer, 5xx or 429.
   *
   * @example
   * const presigned = await uploader.getPresignedUrl({ action: 'upload', fileName: 'a.json', contentType: 'application/json', contentLength: 2 });
   */
  getPresignedUrl(params: UploadRequest | DownloadRequest, signal?: AbortSignal): Promise<PresignResponse> {
    return this.client.presign(params, signal);
  }

  /**
   * One PUT of `content` to a presigned URL with exactly its signed headers (the design's second step). No retry.
   *
   * @example
   * const { etag } = await uploader.uploadToS3(presigned, bytes);
   */
  async uploadToS3(
    presigned: PresignResponse,
    content: ChatLogContent,
    signal?: AbortSignal,
  ): Promise<{ etag: string | undefined; versionId: string | undefined }> {
    const response = await this.client.s3(presigned, { body: await toBytes(content) }, signal);
    await response.arrayBuffer();
    return {
      etag: response.headers.get('etag') ?? undefined,
      versionId: response.headers.get('x-amz-version-id') ?? undefined,
    };
  }

  /**
   * Uploads `content` with integrity and retries (the design's robust path): checks size and type, computes the
   * SHA-256, gets a URL that signs both, PUTs with exponential backoff and full jitter on network errors, 5xx,
   * 429 and SlowDown, and gets a fresh URL when S3 says the old one expired.
   *
   * @example
   * const result = await uploader.robustUpload(ndjson, { fileName: 'session.ndjson', contentType: 'application/x-ndjson' });
   */
  async robustUpload(content: ChatLogContent, metadata: UploadMetadata): Promise<UploadResult> {
    const prepared = await prepareContent(await toBytes(content), metadata);
    const bytes = prepared.body;
    const redaction = prepared.redaction === undefined ? {} : { redaction: prepared.redaction };
    const stored = {
      ...metadata,
      compress: false,
      redact: false,
      encrypt: undefined,
      metadata: { ...metadata.metadata, ...prepared.metadata },
      ...(prepared.contentEncoding === undefined ? {} : { contentEncoding: prepared.contentEncoding }),
    };
    if (bytes.length > this.multipartThreshold) {
      return { ...(await this.uploadSource(bytesSource(bytes), stored)), ...redaction };
    }
    this.check(bytes.length, metadata.contentType);
    const sha256 = await sha256Base64(bytes);
    const request: UploadRequest = {
      action: 'upload',
      fileName: metadata.fileName,
      contentType: metadata.contentType,
      contentLength: bytes.length,
      checksumSha256: sha256,
      ...(stored.contentEncoding === undefined ? {} : { contentEncoding: stored.contentEncoding }),
      ...(Object.keys(stored.metadata).length === 0 ? {} : { metadata: stored.metadata }),
      ...(metadata.expiresIn === undefined ? {} : { expiresIn: metadata.expiresIn }),
    };
    const { signal } = metadata;
    const retry = this.client.retry;
    const fresh = async () => {
      const answer = await this.client.presign(request, signal);
      await metadata.onPresigned?.(answer);
      return answer;
    };
    const saved = metadata.presigned;
    const trusted = saved !== undefined && (await endpointVouchesFor(this.client, saved, signal));
    let presigned = trusted && saved ? saved : await fresh();
    // Whether an earlier PUT to the current key may have been stored although we never saw its answer (always
    // possible for a URL handed in: the process that saved it may have sent it before it died).
    let maybeStored = trusted;
    const result = (attempt: number, etag?: string, versionId?: string): UploadResult => ({
      s3Key: presigned.s3Key,
      bytes: bytes.length,
      sha256,
      objectSha256: sha256,
      attempts: attempt,
      etag,
      versionId,
      ...redaction,
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const { etag, versionId } = await this.uploadToS3(presigned, bytes, signal);
        return result(attempt, etag, versionId);
      } catch (error) {
        // If-None-Match refused: our own earlier attempt is there. The key is unique to this upload and its SHA-256
        // is signed, so what is stored is exactly these bytes.
        if (error instanceof S3TransferError && error.status === 412 && maybeStored) return result(attempt);
        if (attempt >= retry.attempts) throw error;
        if (isExpired(error)) {
          if (maybeStored && (await this.isStored(presigned.s3Key, sha256, signal))) return result(attempt);
          presigned = await fresh();
          maybeStored = false;
          continue;
        }
        if (!isRetryable(error)) throw error;
        // A 5xx or a lost connection can come after S3 stored the bytes.
        maybeStored = true;
        const wait = error instanceof S3TransferError ? error.retryAfterMs : undefined;
        await sleep(backoffDelay(retry, attempt, wait), signal);
      }
    }
  }

  /**
   * Uploads from a source read part by part (a file in Node, a Blob in the browser): multipart above
   * `multipartThreshold`, with parallel parts, progress, cancellation and resume; a single PUT below it.
   *
   * @example
   * import { fileSource } from '@mv/chat-log-client/node';
   * const result = await uploader.uploadSource(await fileSource('session.ndjson'), {
   *   fileName: 'session.ndjson', contentType: 'application/x-ndjson', onProgress: (p) => bar.update(p.loaded / p.total),
   * });
   */
  async uploadSource(source: UploadSource, metadata: UploadMetadata): Promise<UploadResult> {
    this.check(source.size, metadata.contentType);
    const transforms = metadata.redact || metadata.compress || metadata.encrypt;
    if (transforms && source.size > this.multipartThreshold) {
      throw new ChatLogValidationError(
        'content',
        'redact, compress and encrypt work on content up to multipartThreshold; prepare a larger file first (redactFile / gzipFile in @mv/chat-log-client/node)',
      );
    }
    if (source.size <= this.multipartThreshold && !metadata.resume) {
      const result = await this.robustUpload(await source.read(0, source.size), metadata);
      metadata.onProgress?.({ loaded: source.size, total: source.size });
      return result;
    }
    const result = await uploadMultipart(
      this.client,
      source,
      {
        fileName: metadata.fileName,
        contentType: metadata.contentType,
        ...(metadata.contentEncoding === undefined ? {} : { contentEncoding: metadata.contentEncoding }),
        ...(metadata.metadata === undefined ? {} : { metadata: metadata.metadata }),
        ...(metadata.expiresIn === undefined ? {} : { expiresIn: metadata.expiresIn }),
      },
      metadata,
    );
    return {
      s3Key: result.s3Key,
      bytes: result.bytes,
      sha256: result.sha256,
      objectSha256: result.objectSha256,
      attempts: result.attempts,
      parts: result.parts,
      etag: undefined,
      versionId: undefined,
    };
  }

  /**
   * Aborts a multipart upload (S3 drops its parts): for an upload that will not be resumed, e.g. the `s3Key` and
   * `uploadId` of a `MultipartUploadError`.
   *
   * @example
   * await uploader.abortMultipart({ s3Key: error.s3Key, uploadId: error.uploadId });
   */
  abortMultipart(state: { s3Key: string; uploadId: string }): Promise<void> {
    return abortUpload(this.client, { s3Key: state.s3Key, uploadId: state.uploadId });
  }

  private check(size: number, contentType: string): void {
    if (size > this.maxBytes) {
      throw new ChatLogValidationError('content', `content is ${size} bytes, over maxBytes ${this.maxBytes}`);
    }
    if (!this.allowedContentTypes.includes(mediaType(contentType))) {
      throw new ChatLogValidationError(
        'contentType',
        `contentType must be one of: ${this.allowedContentTypes.join(', ')}`,
      );
    }
  }

  /**
   * Validates a typed chat log against the {@link ChatLog} schema and uploads it as JSON.
   *
   * @example
   * await uploader.upload(log, { fileName: 'meeting.json' });
   */
  async upload(log: ChatLog, options: UploadLogOptions = {}): Promise<UploadResult> {
    const parsed = ChatLog.safeParse(log);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw new ChatLogValidationError(issue.field, issue.message);
    }
    const { fileName, ...rest } = options;
    return this.robustUpload(JSON.stringify(parsed.data), {
      ...rest,
      fileName: fileName ?? `${parsed.data.sessionId}.json`,
      contentType: 'application/json',
    });
  }

  /**
   * Whether `s3Key` holds our object (its stored SHA-256 is `sha256`), reading one byte, not the object. Retries
   * transient failures; answers `false` only when S3 says the key is not there (404, or 403 without ListBucket).
   */
  private async isStored(s3Key: string, sha256: string, signal?: AbortSignal): Promise<boolean> {
    const retry = this.client.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        const presigned = await this.client.presign({ action: 'download', s3Key }, signal);
        const response = await this.client.s3(presigned, { extraHeaders: { range: 'bytes=0-0' } }, signal);
        await response.arrayBuffer();
        return response.headers.get('x-amz-meta-sha256') === sha256;
      } catch (error) {
        const absent =
          error instanceof S3TransferError &&
          (error.status === 404 || (error.status === 403 && !isExpired(error)));
        if (absent) return false;
        if (attempt >= retry.attempts || !(isRetryable(error) || isExpired(error))) throw error;
        await sleep(backoffDelay(retry, attempt), signal);
      }
    }
  }
}
