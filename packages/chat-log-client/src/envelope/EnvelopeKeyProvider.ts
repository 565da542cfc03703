import { EnvelopeError } from './EnvelopeError.js';
import type { EncryptionContext } from './encryptionContext.js';

/** A fresh data key: its plaintext bytes (used once, then zeroed) and the same key encrypted by the provider. */
export interface DataKey {
  /** 32 random bytes (AES-256). The envelope zeroes them after use, so return a buffer nobody else holds. */
  plaintextKey: Uint8Array;
  /** The data key encrypted under the provider's master key; stored with the object. */
  encryptedKey: Uint8Array;
  /** Which master key encrypted it (for KMS, the key ARN); stored with the object. Printable ASCII. */
  keyId: string;
}

/**
 * Where data keys come from: KMS ({@link kmsKeyProvider}) or anything else that can make a fresh data key and later
 * decrypt it. Implementations must bind `context` to the encrypted key when they can (KMS does), and must never
 * hand out the same data key twice.
 *
 * @example
 * // A provider that asks a key service of your own.
 * const provider: EnvelopeKeyProvider = {
 *   context: { tenant: 'acme' },
 *   async generateDataKey(context) {
 *     const { key, wrapped, id } = await myKeyService.newKey(context);
 *     return { plaintextKey: key, encryptedKey: wrapped, keyId: id };
 *   },
 *   decryptDataKey: (encryptedKey, keyId, context) => myKeyService.unwrap(encryptedKey, keyId, context),
 * };
 */
export interface EnvelopeKeyProvider {
  /**
   * Pairs this provider binds to every data key it makes and requires of every object it decrypts (for example
   * `{ purpose: 'mv-chat-log', tenant: 'acme' }`). Optional.
   */
  readonly context?: Readonly<EncryptionContext>;
  /** Makes a fresh 32-byte data key bound to `context` (the whole context stored with the object). */
  generateDataKey(context: Readonly<EncryptionContext>): Promise<DataKey>;
  /**
   * Decrypts a data key made by {@link EnvelopeKeyProvider.generateDataKey}. `keyId` and `context` come from the
   * object's metadata: untrusted until the decryption authenticates them. The envelope zeroes the returned bytes
   * after use, so return a buffer nobody else holds.
   */
  decryptDataKey(
    encryptedKey: Uint8Array,
    keyId: string,
    context: Readonly<EncryptionContext>,
  ): Promise<Uint8Array>;
}

/**
 * Runs a key provider call so that whatever it throws leaves as an {@link EnvelopeError} (its own, or
 * `KeyProviderFailed` with the original as `cause`).
 * @internal
 */
export async function askKeyProvider<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EnvelopeError) throw error;
    throw new EnvelopeError('KeyProviderFailed', `The key provider failed to ${what}; see the cause.`, {
      cause: error,
    });
  }
}
