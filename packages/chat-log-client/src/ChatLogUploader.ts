import { firstIssue } from '@mv/chat-log-contract';
import { ChatLog } from './ChatLog.js';
import { type ChatLogContent, toBytes } from './content.js';
import { type PreparedContent, prepareContent } from './contentPipeline.js';
import {
  DEFAULT_CONTENT_TYPES,
  type DownloadRequest,
  mediaType,
  type PresignResponse,
  SINGLE_PUT_LIMIT,
  type UploadRequest,
} from './contract.js';
import { ChatLogValidationError } from './errors.js';
import { abortUpload, type MultipartObject, uploadMultipart } from './MultipartUpload.js';
import { PresignClient } from './PresignClient.js';
import { putObject, uploadSinglePut } from './singlePut.js';
import { bytesSource, type UploadSource } from './UploadSource.js';
import type {
  ChatLogUploaderOptions,
  UploadLogOptions,
  UploadMetadata,
  UploadResult,
} from './uploadTypes.js';

export type { ChatLogUploaderOptions, UploadLogOptions, UploadMetadata, UploadResult };

/** Content ready to store: the bytes to send and what preparing them added. */
interface PreparedUpload extends Omit<PreparedContent, 'body'> {
  source: UploadSource;
}

/** A source stored as it is (no redaction, compression or encryption). */
function unchanged(source: UploadSource): PreparedUpload {
  return { source, metadata: {}, contentEncoding: undefined, redaction: undefined };
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
    this.multipartThreshold = options.multipartThreshold ?? SINGLE_PUT_LIMIT;
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
    return putObject(this.client, presigned, await toBytes(content), signal);
  }

  /**
   * Uploads `content` with integrity and retries (the design's robust path): prepares it (redact, compress,
   * encrypt), checks size and type, then stores it in one signed PUT, or multipart above `multipartThreshold`.
   * PUTs back off with full jitter on network errors, 5xx, 429 and SlowDown, and get a fresh URL when S3 says the
   * old one expired.
   *
   * @example
   * const result = await uploader.robustUpload(ndjson, { fileName: 'session.ndjson', contentType: 'application/x-ndjson' });
   */
  async robustUpload(content: ChatLogContent, metadata: UploadMetadata): Promise<UploadResult> {
    return this.store(await this.prepare(await toBytes(content), metadata), metadata);
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
    if (!(metadata.redact || metadata.compress || metadata.encrypt)) {
      return this.store(unchanged(source), metadata);
    }
    if (source.size > this.multipartThreshold) {
      throw new ChatLogValidationError(
        'content',
        'redact, compress and encrypt work on content up to multipartThreshold; prepare a larger file first (redactFile / gzipFile in @mv/chat-log-client/node)',
      );
    }
    return this.store(await this.prepare(await source.read(0, source.size), metadata), metadata);
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

  /** Redacts, compresses and encrypts as asked, once. */
  private async prepare(bytes: Uint8Array, metadata: UploadMetadata): Promise<PreparedUpload> {
    const { body, ...added } = await prepareContent(bytes, metadata);
    return { source: bytesSource(body), ...added };
  }

  /** Checks the prepared content, then stores it in one PUT, or multipart (large, or resuming). */
  private async store(prepared: PreparedUpload, metadata: UploadMetadata): Promise<UploadResult> {
    const { source } = prepared;
    this.check(source.size, metadata.contentType);
    const userMetadata = { ...metadata.metadata, ...prepared.metadata };
    const contentEncoding = prepared.contentEncoding ?? metadata.contentEncoding;
    const object: MultipartObject = {
      fileName: metadata.fileName,
      contentType: metadata.contentType,
      ...(contentEncoding === undefined ? {} : { contentEncoding }),
      ...(Object.keys(userMetadata).length === 0 ? {} : { metadata: userMetadata }),
      ...(metadata.expiresIn === undefined ? {} : { expiresIn: metadata.expiresIn }),
    };
    const redaction = prepared.redaction === undefined ? {} : { redaction: prepared.redaction };
    if (source.size > this.multipartThreshold || metadata.resume) {
      const { uploadId: _uploadId, ...result } = await uploadMultipart(this.client, source, object, metadata);
      return { ...result, etag: undefined, versionId: undefined, ...redaction };
    }
    const bytes = await source.read(0, source.size);
    const stored = await uploadSinglePut(this.client, bytes, {
      request: object,
      presigned: metadata.presigned,
      onPresigned: metadata.onPresigned,
      signal: metadata.signal,
    });
    metadata.onProgress?.({ loaded: source.size, total: source.size });
    return { ...stored, bytes: bytes.length, objectSha256: stored.sha256, ...redaction };
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
}
