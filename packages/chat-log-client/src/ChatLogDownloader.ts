import { ChatLog } from './ChatLog.js';
import { restoreContent, userMetadataOf } from './contentPipeline.js';
import {
  CHECKSUM_SHA256_HEADER,
  CHECKSUM_TYPE_HEADER,
  PART_SIZE_METADATA_HEADER,
  type PresignResponse,
  SHA256_METADATA_HEADER,
} from './contract.js';
import type { EnvelopeKeyProvider } from './envelope/EnvelopeKeyProvider.js';
import { ChatLogError, IntegrityError } from './errors.js';
import { type ChatLogClientOptions, PresignClient } from './PresignClient.js';
import { retrySigned } from './retry.js';
import { compositeSha256, sha256Base64, sha256Digest } from './sha256.js';

/** Options of {@link ChatLogDownloader}. */
export interface ChatLogDownloaderOptions extends ChatLogClientOptions {
  /**
   * `true` (default): refuse objects stored without a SHA-256 to check against. `false`: return them unverified
   * (`verified: false`).
   */
  requireChecksum?: boolean;
  /**
   * Decrypts envelope-encrypted objects (e.g. `kmsKeyProvider` from `@mv/chat-log-client/envelope`). When set, an
   * object without an envelope is refused (`EnvelopeError` code `NotEncrypted`): it was stored in clear, or its
   * envelope metadata was removed.
   */
  decrypt?: EnvelopeKeyProvider;
}

/** A downloaded object, verified against the SHA-256 stored with it. */
export interface DownloadResult {
  s3Key: string;
  bytes: Uint8Array;
  sha256: string;
  contentType: string | undefined;
  /** Whether the bytes were checked against a stored SHA-256. */
  verified: boolean;
  /** The bytes as UTF-8 text. */
  text(): string;
}

/** What the bytes must hash to: S3's checksum (whole-object or composite) or the SHA-256 metadata. */
async function expectedAndActual(
  response: Response,
  bytes: Uint8Array,
): Promise<{ expected: string | undefined; actual: string }> {
  const stored = response.headers.get(CHECKSUM_SHA256_HEADER);
  const composite = stored?.includes('-') || response.headers.get(CHECKSUM_TYPE_HEADER) === 'COMPOSITE';
  const partSize = Number(response.headers.get(PART_SIZE_METADATA_HEADER));
  if (stored && composite && Number.isInteger(partSize) && partSize > 0) {
    // A multipart object: S3 keeps a checksum of the part checksums ("<base64>-<parts>"; some S3-compatible
    // stores leave out the "-<parts>").
    const digests: Uint8Array[] = [];
    for (let start = 0; start < bytes.length || digests.length === 0; start += partSize) {
      digests.push(await sha256Digest(bytes.subarray(start, start + partSize)));
    }
    const actual = await compositeSha256(digests);
    return { expected: stored.split('-')[0], actual: actual.split('-')[0] ?? actual };
  }
  const actual = await sha256Base64(bytes);
  if (stored && !stored.includes('-')) return { expected: stored, actual };
  return { expected: response.headers.get(SHA256_METADATA_HEADER) ?? undefined, actual };
}

/**
 * Downloads chat logs through presigned GET URLs and verifies every byte against the SHA-256 stored with the
 * object (S3's own checksum, or the `sha256` metadata the uploader signed). Retries like the uploader; a
 * corrupted transfer is retried, then reported as {@link IntegrityError}.
 *
 * @example
 * const downloader = new ChatLogDownloader({ endpoint, token });
 * const { text } = await downloader.download(s3Key);
 * const log = await downloader.downloadLog(s3Key);
 */
export class ChatLogDownloader {
  private readonly client: PresignClient;
  private readonly requireChecksum: boolean;
  private readonly decrypt: EnvelopeKeyProvider | undefined;

  constructor(options: ChatLogDownloaderOptions = {}) {
    this.client = new PresignClient(options);
    this.requireChecksum = options.requireChecksum ?? true;
    this.decrypt = options.decrypt;
  }

  /** Downloads and verifies one of the caller's own objects. */
  async download(s3Key: string, options: { signal?: AbortSignal } = {}): Promise<DownloadResult> {
    const { signal } = options;
    // A corrupted transfer is worth another try as well.
    return retrySigned(
      this.client.retry,
      () => this.client.presign({ action: 'download', s3Key }, signal),
      (presigned) => this.fetchVerified(presigned, signal),
      { signal, onFailure: (error) => (error instanceof IntegrityError ? 'backoff' : undefined) },
    );
  }

  /** Downloads, verifies and parses a chat log stored by {@link ChatLogUploader.upload}. */
  async downloadLog(s3Key: string, options: { signal?: AbortSignal } = {}): Promise<ChatLog> {
    const result = await this.download(s3Key, options);
    let value: unknown;
    try {
      value = JSON.parse(result.text());
    } catch (error) {
      throw new ChatLogError(`${s3Key} is not JSON`, { cause: error });
    }
    const parsed = ChatLog.safeParse(value);
    if (!parsed.success) throw new ChatLogError(`${s3Key} is not a chat log`, { cause: parsed.error });
    return parsed.data;
  }

  private async fetchVerified(presigned: PresignResponse, signal?: AbortSignal): Promise<DownloadResult> {
    const response = await this.client.s3(presigned, {}, signal);
    const received = new Uint8Array(await response.arrayBuffer());
    const { expected, actual } = await expectedAndActual(response, received);
    const metadata = userMetadataOf(response);
    // What S3 stored is what arrived, unless the HTTP client inflated a gzip body on the way: then the SHA-256 of
    // the original, kept in metadata, is what proves the bytes.
    const transportVerified = expected !== undefined && expected === actual;
    const { bytes, verifiedOriginal } = await restoreContent(received, metadata, this.decrypt);
    if (!transportVerified && !verifiedOriginal) {
      if (expected !== undefined) {
        throw new IntegrityError(`${presigned.s3Key}: received bytes do not match the stored SHA-256`);
      }
      if (this.requireChecksum) {
        throw new ChatLogError(
          `${presigned.s3Key} has no stored SHA-256 to verify against (requireChecksum: false to accept)`,
        );
      }
    }
    const sha256 = bytes === received ? actual : await sha256Base64(bytes);
    return {
      s3Key: presigned.s3Key,
      bytes,
      sha256,
      contentType: response.headers.get('content-type') ?? undefined,
      verified: transportVerified || verifiedOriginal,
      text: () => new TextDecoder().decode(bytes),
    };
  }
}
