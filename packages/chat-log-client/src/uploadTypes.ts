import type { ContentOptions } from './contentPipeline.js';
import type { PresignResponse } from './contract.js';
import type { MultipartOptions } from './MultipartUpload.js';
import type { ChatLogClientOptions } from './PresignClient.js';
import type { RedactionReport } from './redaction/redactSecrets.js';

/** Options of {@link ChatLogUploader}. */
export interface ChatLogUploaderOptions extends ChatLogClientOptions {
  /** Refuse content over this many bytes before asking for a URL (default: S3's 5 TiB). */
  maxBytes?: number;
  /** Above this size uploads go multipart (default `SINGLE_PUT_LIMIT`, 100 MiB: the handler's default). */
  multipartThreshold?: number;
  /** Refuse other content types before asking for a URL (default: `DEFAULT_CONTENT_TYPES`, the handler's). */
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
