import { decryptEnvelope } from './envelope/decryptEnvelope.js';
import type { EnvelopeKeyProvider } from './envelope/EnvelopeKeyProvider.js';
import { encryptEnvelope } from './envelope/encryptEnvelope.js';
import { isEnvelope } from './envelope/envelopeMetadata.js';
import { ChatLogError, ChatLogValidationError, IntegrityError } from './errors.js';
import { gunzip, gzip, looksGzipped } from './gzip.js';
import { type RedactionReport, type RedactOptions, redactSecrets } from './redaction/redactSecrets.js';
import { sha256Base64 } from './sha256.js';

/** What to do to the content before it leaves the machine. */
export interface ContentOptions {
  /** Replace secrets (keys, tokens, private keys, passwords in URLs, e-mail addresses) first. */
  redact?: boolean | RedactOptions;
  /** gzip: `Content-Encoding: gzip` on S3 (or, with encryption, recorded in metadata); downloads are inflated. */
  compress?: boolean;
  /** Envelope-encrypt with a fresh data key from this provider (e.g. `kmsKeyProvider` from `./envelope`). */
  encrypt?: EnvelopeKeyProvider;
  /** Extra encryption context bound to the data key (with `encrypt`). */
  encryptionContext?: Record<string, string>;
}

/** @internal */
export interface PreparedContent {
  body: Uint8Array;
  metadata: Record<string, string>;
  contentEncoding: 'gzip' | undefined;
  redaction: RedactionReport | undefined;
}

/** Metadata keys of the pipeline. @internal */
export const PIPELINE_METADATA = {
  originalSha256: 'mv-original-sha256',
  compression: 'mv-compression',
} as const;

/**
 * redact -> gzip -> encrypt, in that order (secrets never reach the compressor's output or the key provider).
 * Whenever the stored bytes differ from the original, the original's SHA-256 travels in metadata so the downloader
 * can check what it gives back.
 * @internal
 */
export async function prepareContent(input: Uint8Array, options: ContentOptions): Promise<PreparedContent> {
  let body = input;
  let redaction: RedactionReport | undefined;
  if (options.redact) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new ChatLogValidationError('content', 'redaction needs UTF-8 text content');
    }
    const redacted = redactSecrets(text, options.redact === true ? undefined : options.redact);
    redaction = redacted.report;
    body = new TextEncoder().encode(redacted.text);
  }
  const metadata: Record<string, string> = {};
  if (!options.compress && !options.encrypt) return { body, metadata, contentEncoding: undefined, redaction };
  metadata[PIPELINE_METADATA.originalSha256] = await sha256Base64(body);
  if (options.compress) body = await gzip(body);
  if (!options.encrypt)
    return { body, metadata, contentEncoding: options.compress ? 'gzip' : undefined, redaction };
  const sealed = await encryptEnvelope(body, options.encrypt, {
    ...(options.encryptionContext ? { context: options.encryptionContext } : {}),
  });
  // Ciphertext must not carry Content-Encoding (a client would try to inflate it): compression goes in metadata.
  if (options.compress) metadata[PIPELINE_METADATA.compression] = 'gzip';
  return {
    body: sealed.ciphertext,
    metadata: { ...metadata, ...sealed.metadata },
    contentEncoding: undefined,
    redaction,
  };
}

/** The object's user metadata from a GET's headers (`x-amz-meta-*`, prefix removed). @internal */
export function userMetadataOf(response: Response): Record<string, string> {
  const metadata: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  });
  return metadata;
}

/**
 * The inverse of {@link prepareContent}: decrypt, inflate (unless the HTTP client already did), and check the
 * result against the original's SHA-256. Returns whether that check ran.
 * @internal
 */
export async function restoreContent(
  received: Uint8Array,
  metadata: Record<string, string>,
  decrypt: EnvelopeKeyProvider | undefined,
): Promise<{ bytes: Uint8Array; verifiedOriginal: boolean }> {
  let bytes = received;
  if (isEnvelope(metadata)) {
    if (!decrypt)
      throw new ChatLogError('This object is envelope-encrypted: pass { decrypt: kmsKeyProvider(...) }');
    bytes = await decryptEnvelope(bytes, metadata, decrypt);
    if (metadata[PIPELINE_METADATA.compression] === 'gzip') bytes = await gunzip(bytes);
  } else if (looksGzipped(bytes) && metadata[PIPELINE_METADATA.originalSha256] !== undefined) {
    // Stored with Content-Encoding: gzip and handed over still compressed (fetch inflates it in most runtimes).
    const inflated = await gunzip(bytes);
    if ((await sha256Base64(inflated)) === metadata[PIPELINE_METADATA.originalSha256]) bytes = inflated;
  }
  const original = metadata[PIPELINE_METADATA.originalSha256];
  if (original === undefined) return { bytes, verifiedOriginal: false };
  if ((await sha256Base64(bytes)) !== original) {
    throw new IntegrityError('the restored content does not match the SHA-256 of the original');
  }
  return { bytes, verifiedOriginal: true };
}
