import { openWithDataKey } from './dataKeyCipher.js';
import { EnvelopeError } from './EnvelopeError.js';
import { askKeyProvider, type EnvelopeKeyProvider } from './EnvelopeKeyProvider.js';
import { ENVELOPE_PURPOSE, unmetContextKeys } from './encryptionContext.js';
import { additionalData, readEnvelopeMetadata } from './envelopeMetadata.js';

/**
 * Decrypts what {@link encryptEnvelope} produced, given the object's metadata as S3 returned it (keys in any case,
 * with or without the `x-amz-meta-` prefix; other keys are ignored). Refuses before asking the provider when the
 * object's encryption context lacks a pair the provider requires. Throws {@link EnvelopeError} with
 * `code: 'DecryptFailed'` when the key is wrong or the ciphertext, IV, tag or any envelope metadata was changed.
 *
 * @example
 * const response = await s3.send(new GetObjectCommand({ Bucket, Key }));
 * const bytes = await response.Body!.transformToByteArray();
 * const plaintext = await decryptEnvelope(bytes, response.Metadata ?? {}, provider);
 */
export async function decryptEnvelope(
  ciphertext: Uint8Array,
  metadata: Readonly<Record<string, string>>,
  provider: EnvelopeKeyProvider,
): Promise<Uint8Array> {
  const fields = readEnvelopeMetadata(metadata);
  const unmet = unmetContextKeys(fields.context, { ...provider.context, ...ENVELOPE_PURPOSE });
  if (unmet.length > 0) {
    throw new EnvelopeError(
      'ContextMismatch',
      `The object was encrypted for another encryption context (differs in: ${unmet.join(', ')}): it is not ` +
        'meant for this reader, or its metadata was changed. Check the encryption context the key provider requires.',
    );
  }
  const rawKey = await askKeyProvider('decrypt the data key', () =>
    provider.decryptDataKey(fields.encryptedKey, fields.keyId, fields.context),
  );
  try {
    return await openWithDataKey(rawKey, fields.iv, additionalData(fields), ciphertext);
  } finally {
    rawKey.fill(0);
  }
}
