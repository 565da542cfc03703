import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Where run requests are written; the template sends this prefix's S3 events to the import function. */
export const RUN_REQUEST_PREFIX = 'runs/';

/** Options of {@link RawCsvStore}. */
export interface RawCsvStoreOptions {
  /** The bucket raw CSVs are kept in (versioned, private, encrypted), e.g. `cat-data-v23`. */
  bucket: string;
  /** Key prefix; default `raw/`. */
  prefix?: string;
  /** A client to use; by default one from the standard AWS configuration (`AWS_ENDPOINT_URL_S3` honoured by the SDK). */
  client?: S3Client;
  /**
   * Path-style URLs (`<endpoint>/<bucket>/<key>`), which a custom endpoint such as moto needs; default false.
   * `handlerFromEnvironment` sets it when `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` names one.
   */
  forcePathStyle?: boolean;
  /** Lifetime of upload URLs in seconds; default 900. */
  expiresIn?: number;
}

/**
 * Keeps the raw CSV of every import in S3: a presigned PUT for the browser upload, and a GET for the import.
 *
 * @example
 * const store = new RawCsvStore({ bucket: 'cat-data-v23' });
 * const { url, headers } = await store.presignUpload(store.keyFor(42, 'intakes.csv'));
 */
export class RawCsvStore {
  readonly bucket: string;
  readonly #prefix: string;
  readonly #client: S3Client;
  readonly #expiresIn: number;

  constructor(options: RawCsvStoreOptions) {
    this.bucket = options.bucket;
    this.#prefix = options.prefix ?? 'raw/';
    this.#expiresIn = options.expiresIn ?? 900;
    this.#client = options.client ?? new S3Client({ forcePathStyle: options.forcePathStyle ?? false });
  }

  /** The key of an upload: `<prefix><yyyy-mm-dd>/<uuid>_<sanitised file name>`. */
  keyFor(fileName: string, now = new Date()): string {
    const safe =
      fileName
        .normalize('NFKC')
        .replace(/[^\p{L}\p{N}._-]+/gu, '_')
        .slice(-120) || 'upload.csv';
    return `${this.#prefix}${now.toISOString().slice(0, 10)}/${crypto.randomUUID()}_${safe}`;
  }

  /** Whether an uploaded object exists. */
  async exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return false;
      throw error;
    }
  }

  /**
   * Asks the import function to run an import: writes `runs/<importId>.json`, whose S3 event invokes the function
   * asynchronously (see `importHandler`), with its own long timeout and retries.
   */
  async requestRun(importId: number): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${RUN_REQUEST_PREFIX}${importId}.json`,
        Body: JSON.stringify({ importId }),
        ContentType: 'application/json',
      }),
    );
  }

  /** A presigned PUT; the client must send `headers` verbatim. */
  async presignUpload(
    key: string,
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string>; expiresIn: number }> {
    const contentType = 'text/csv';
    const url = await getSignedUrl(
      this.#client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      { expiresIn: this.#expiresIn },
    );
    return { url, method: 'PUT', headers: { 'content-type': contentType }, expiresIn: this.#expiresIn };
  }

  /**
   * Stores a CSV directly (the CLI's `--keep-raw`); the bucket's default encryption applies.
   * @returns the object version (null when the bucket is not versioned)
   */
  async put(key: string, bytes: Uint8Array): Promise<{ versionId: string | null }> {
    const result = await this.#client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: 'text/csv' }),
    );
    return { versionId: result.VersionId ?? null };
  }

  /**
   * Reads an uploaded CSV (at most `maxBytes`).
   * @returns the bytes and the object version (null when the bucket is not versioned)
   */
  async read(
    key: string,
    maxBytes = 50 * 1024 * 1024,
  ): Promise<{ bytes: Uint8Array; versionId: string | null } | null> {
    try {
      const object = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if ((object.ContentLength ?? 0) > maxBytes)
        throw new RangeError(`object larger than ${maxBytes} bytes`);
      const bytes = await object.Body!.transformToByteArray();
      return { bytes, versionId: object.VersionId ?? null };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }
}
