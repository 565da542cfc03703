import type { UserMetadata } from './contract.js';

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
