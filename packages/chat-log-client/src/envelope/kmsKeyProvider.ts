import type { GenerateDataKeyCommandOutput, KMSClient } from '@aws-sdk/client-kms';
import { EnvelopeError } from './EnvelopeError.js';
import type { EnvelopeKeyProvider } from './EnvelopeKeyProvider.js';
import type { EncryptionContext } from './encryptionContext.js';
import { kmsError } from './kmsError.js';

/** How {@link kmsKeyProvider} reaches KMS. */
export interface KmsKeyProviderOptions {
  /** A KMS client with credentials allowed `kms:GenerateDataKey` (writers) and `kms:Decrypt` (readers) on the key. */
  client: KMSClient;
  /**
   * The symmetric KMS key: key id, key ARN, alias name (`alias/chat-logs`) or alias ARN. Readers decrypt with this
   * key only, whatever key id the object's metadata names.
   */
  keyId: string;
  /**
   * Pairs bound to every data key (and so usable in key policy conditions such as `kms:EncryptionContext:tenant`),
   * and required of every object this provider decrypts. `{ purpose: 'mv-chat-log' }` is always added.
   */
  encryptionContext?: EncryptionContext;
}

/**
 * A key provider backed by AWS KMS: `GenerateDataKey` (AES_256) for every object, `Decrypt` to read one back, both
 * with the object's encryption context, which KMS binds to the encrypted data key. `@aws-sdk/client-kms` is an
 * optional peer dependency, loaded on first use, so envelopes with other providers do not need it.
 *
 * @example
 * import { KMSClient } from '@aws-sdk/client-kms';
 * import { encryptEnvelope, kmsKeyProvider } from '@mv/chat-log-client/envelope';
 *
 * const provider = kmsKeyProvider({
 *   client: new KMSClient({ region: 'eu-west-1' }),
 *   keyId: 'alias/chat-logs',
 *   encryptionContext: { tenant: 'acme' },
 * });
 * const { ciphertext, metadata } = await encryptEnvelope(bytes, provider);
 */
export function kmsKeyProvider(options: KmsKeyProviderOptions): EnvelopeKeyProvider {
  const { client, keyId } = options;
  if (typeof keyId !== 'string' || keyId.length === 0) {
    throw new EnvelopeError('KeyNotFound', 'kmsKeyProvider needs a keyId: a KMS key id, key ARN or alias.');
  }
  const context =
    options.encryptionContext === undefined ? undefined : Object.freeze({ ...options.encryptionContext });
  return {
    ...(context === undefined ? {} : { context }),
    async generateDataKey(objectContext) {
      const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
      let output: GenerateDataKeyCommandOutput;
      try {
        output = await client.send(
          new GenerateDataKeyCommand({
            KeyId: keyId,
            KeySpec: 'AES_256',
            EncryptionContext: { ...objectContext },
          }),
        );
      } catch (error) {
        throw kmsError(error, 'GenerateDataKey', keyId);
      }
      if (!output.Plaintext || !output.CiphertextBlob) {
        throw new EnvelopeError('KeyProviderFailed', 'KMS GenerateDataKey answered without a data key.');
      }
      return {
        plaintextKey: output.Plaintext,
        encryptedKey: output.CiphertextBlob,
        keyId: output.KeyId ?? keyId,
      };
    },
    async decryptDataKey(encryptedKey, _metadataKeyId, objectContext) {
      const { DecryptCommand } = await import('@aws-sdk/client-kms');
      let plaintext: Uint8Array | undefined;
      try {
        // The configured key, not the metadata's: whoever can write an object's metadata must not choose the key.
        const output = await client.send(
          new DecryptCommand({
            KeyId: keyId,
            CiphertextBlob: encryptedKey,
            EncryptionContext: { ...objectContext },
          }),
        );
        plaintext = output.Plaintext;
      } catch (error) {
        throw kmsError(error, 'Decrypt', keyId);
      }
      if (!plaintext)
        throw new EnvelopeError('KeyProviderFailed', 'KMS Decrypt answered without the data key.');
      return plaintext;
    },
  };
}
