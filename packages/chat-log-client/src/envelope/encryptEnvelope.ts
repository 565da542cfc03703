import { IV_BYTES, sealWithDataKey } from './dataKeyCipher.js';
import { askKeyProvider, type EnvelopeKeyProvider } from './EnvelopeKeyProvider.js';
import { buildEncryptionContext, type EncryptionContext } from './encryptionContext.js';
import { additionalData, type EnvelopeMetadata, writeEnvelopeMetadata } from './envelopeMetadata.js';

/** Options of {@link encryptEnvelope}. */
export interface EncryptEnvelopeOptions {
  /**
   * Pairs to bind to this object on top of the provider's (for example `{ log: 'support-chat' }`). Stored in the
   * metadata in clear, so no secrets. Keep it short: all envelope metadata must fit in 1,536 bytes.
   */
  context?: EncryptionContext;
}

/** What {@link encryptEnvelope} produced: upload `ciphertext` as the body and `metadata` as user metadata. */
export interface EncryptedEnvelope {
  /** AES-256-GCM ciphertext with the 16-byte tag appended: 16 bytes longer than the plaintext. */
  ciphertext: Uint8Array;
  /**
   * Lower-case keys without the `x-amz-meta-` prefix, ASCII values, at most 1,536 bytes in all (counted as S3
   * does, prefix included): `mv-envelope`, `mv-envelope-alg`, `mv-envelope-key`, `mv-envelope-iv`,
   * `mv-envelope-key-id`, `mv-envelope-context`.
   */
  metadata: EnvelopeMetadata;
}

/**
 * Encrypts `plaintext` under a fresh data key from `provider` (one per call, never reused) with AES-256-GCM and a
 * random 12-byte IV. The encryption context (`{ purpose: 'mv-chat-log' }`, the provider's pairs and
 * `options.context`) is bound both to the encrypted data key (by KMS) and to the ciphertext (as GCM additional data,
 * with the format and key id), so changing any metadata makes decryption fail. The plaintext data key is wiped once
 * imported.
 *
 * Works in browsers and Node (Web Crypto). The whole payload is encrypted in memory, so it suits logs that fit in
 * memory comfortably (tested up to 20 MiB).
 *
 * @example
 * const { ciphertext, metadata } = await encryptEnvelope(new TextEncoder().encode(log), provider, {
 *   context: { log: 'support-chat' },
 * });
 * // PUT ciphertext, sending each metadata entry as an `x-amz-meta-<key>` header.
 */
export async function encryptEnvelope(
  plaintext: Uint8Array,
  provider: EnvelopeKeyProvider,
  options: EncryptEnvelopeOptions = {},
): Promise<EncryptedEnvelope> {
  const context = buildEncryptionContext(provider.context, options.context);
  const dataKey = await askKeyProvider('generate a data key', () => provider.generateDataKey(context));
  try {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const metadata = writeEnvelopeMetadata({
      encryptedKey: dataKey.encryptedKey,
      iv,
      keyId: dataKey.keyId,
      context,
    });
    const aad = additionalData({ keyId: dataKey.keyId, context });
    const ciphertext = await sealWithDataKey(dataKey.plaintextKey, iv, aad, plaintext);
    return { ciphertext, metadata };
  } finally {
    // sealWithDataKey already wiped it; this covers the paths that fail before it (e.g. metadata too large).
    dataKey.plaintextKey.fill(0);
  }
}
