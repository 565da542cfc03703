import { USER_METADATA_PREFIX } from './contract.js';
import { decryptEnvelope } from './envelope/decryptEnvelope.js';
import { EnvelopeError } from './envelope/EnvelopeError.js';
import type { EnvelopeKeyProvider } from './envelope/EnvelopeKeyProvider.js';
import { encryptEnvelope } from './envelope/encryptEnvelope.js';
import { isEnvelope, readEnvelopeMetadata } from './envelope/envelopeMetadata.js';
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
} as const;

/**
 * The encryption-context pair that says the sealed bytes are gzip: authenticated with the ciphertext (GCM
 * additional data) and the data key (KMS), so it cannot be changed or removed unnoticed. @internal
 */
export const COMPRESSION_CONTEXT_KEY = 'mv-compression';

/**
 * redact -> gzip -> encrypt, in that order (secrets never reach the compressor's output or the key provider).
 * When only compressed, the original's SHA-256 travels in metadata so the downloader can check what it gives back.
 * When encrypted, no digest of the plaintext is stored in clear (anyone allowed HeadObject could confirm guesses of
 * a templated log against it): AES-GCM's tag authenticates every plaintext byte under the data key, and the
 * compression flag is bound in the encryption context.
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
  if (!options.compress && !options.encrypt)
    return { body, metadata: {}, contentEncoding: undefined, redaction };
  if (!options.encrypt) {
    const metadata = { [PIPELINE_METADATA.originalSha256]: await sha256Base64(body) };
    return { body: await gzip(body), metadata, contentEncoding: 'gzip', redaction };
  }
  if (options.encryptionContext && Object.hasOwn(options.encryptionContext, COMPRESSION_CONTEXT_KEY)) {
    throw new ChatLogValidationError(
      'encryptionContext',
      `the encryption context key "${COMPRESSION_CONTEXT_KEY}" is reserved; use another key name`,
    );
  }
  if (options.compress) body = await gzip(body);
  const context = {
    ...options.encryptionContext,
    ...(options.compress ? { [COMPRESSION_CONTEXT_KEY]: 'gzip' } : {}),
  };
  const sealed = await encryptEnvelope(body, options.encrypt, {
    ...(Object.keys(context).length > 0 ? { context } : {}),
  });
  // Ciphertext must not carry Content-Encoding (a client would try to inflate it). The `mv-compression` metadata
  // is for people and tools looking at the object; the downloader trusts only the authenticated context.
  const metadata: Record<string, string> = { ...sealed.metadata };
  if (options.compress) metadata[COMPRESSION_CONTEXT_KEY] = 'gzip';
  return { body: sealed.ciphertext, metadata, contentEncoding: undefined, redaction };
}

/** The object's user metadata from a GET's headers (`x-amz-meta-*`, prefix removed). @internal */
export function userMetadataOf(response: Response): Record<string, string> {
  const metadata: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith(USER_METADATA_PREFIX)) metadata[name.slice(USER_METADATA_PREFIX.length)] = value;
  });
  return metadata;
}

/**
 * The inverse of {@link prepareContent}: decrypt, inflate (unless the HTTP client already did), and check the
 * result. Returns whether it was verified here: by the original's SHA-256 (compressed objects), or by decrypting
 * (authenticated encryption). With `decrypt` set, an object that is not envelope-encrypted is refused: it was
 * stored in clear, or its envelope metadata was stripped.
 * @internal
 */
export async function restoreContent(
  received: Uint8Array,
  metadata: Record<string, string>,
  decrypt: EnvelopeKeyProvider | undefined,
): Promise<{ bytes: Uint8Array; verifiedOriginal: boolean }> {
  if (isEnvelope(metadata)) {
    if (!decrypt)
      throw new ChatLogError('This object is envelope-encrypted: pass { decrypt: kmsKeyProvider(...) }');
    let bytes = await decryptEnvelope(received, metadata, decrypt);
    // Read after a successful decryption, so the context is the authenticated one.
    if (readEnvelopeMetadata(metadata).context[COMPRESSION_CONTEXT_KEY] === 'gzip')
      bytes = await gunzip(bytes);
    return { bytes, verifiedOriginal: true };
  }
  if (decrypt) {
    throw new EnvelopeError(
      'NotEncrypted',
      'The object is not envelope-encrypted although decryption is configured: it was stored in clear, or its ' +
        'envelope metadata was removed. Refused; download it without { decrypt } if it is meant to be plaintext.',
    );
  }
  const original = metadata[PIPELINE_METADATA.originalSha256];
  let bytes = received;
  if (looksGzipped(bytes) && original !== undefined) {
    // Stored with Content-Encoding: gzip and handed over still compressed (fetch inflates it in most runtimes).
    const inflated = await gunzip(bytes);
    if ((await sha256Base64(inflated)) === original) bytes = inflated;
  }
  if (original === undefined) return { bytes, verifiedOriginal: false };
  if ((await sha256Base64(bytes)) !== original) {
    throw new IntegrityError('the restored content does not match the SHA-256 of the original');
  }
  return { bytes, verifiedOriginal: true };
}
