import { EnvelopeError } from './EnvelopeError.js';

/** AES-256 data keys only. @internal */
export const DATA_KEY_BYTES = 32;
/** The GCM nonce: 96 bits, random per object (the data key is never reused, so the pair never repeats). @internal */
export const IV_BYTES = 12;
const TAG_BITS = 128;

/**
 * Imports the raw data key into a non-extractable CryptoKey and zeroes the raw bytes at once. Best effort: JavaScript
 * cannot wipe copies the runtime or the KMS client made (e.g. the base64 string of the response), but the buffer we
 * were handed no longer holds the key once this returns, so it cannot leak later through a heap dump or a reused
 * buffer.
 */
async function importDataKey(rawKey: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  try {
    if (rawKey.length !== DATA_KEY_BYTES) {
      throw new EnvelopeError(
        'KeyProviderFailed',
        `The key provider returned a ${rawKey.length}-byte data key; AES-256 needs ${DATA_KEY_BYTES} bytes.`,
      );
    }
    if (rawKey.every((byte) => byte === 0)) {
      // Also what a key looks like after we zeroed it: a provider handing out the same buffer twice ends up here.
      throw new EnvelopeError(
        'KeyProviderFailed',
        'The key provider returned an all-zero data key (a reused, already wiped key?); data keys must be fresh.',
      );
    }
    return await crypto.subtle.importKey('raw', rawKey as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [usage]);
  } finally {
    rawKey.fill(0);
  }
}

/** AES-256-GCM: ciphertext with the 16-byte tag appended. Zeroes `rawKey`. @internal */
export async function sealWithDataKey(
  rawKey: Uint8Array,
  iv: Uint8Array,
  additionalData: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  const key = await importDataKey(rawKey, 'encrypt');
  const sealed = await crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: iv as Uint8Array<ArrayBuffer>,
      additionalData: additionalData as Uint8Array<ArrayBuffer>,
      tagLength: TAG_BITS,
    },
    key,
    plaintext as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(sealed);
}

/** Opens what {@link sealWithDataKey} sealed; any authentication failure is one `DecryptFailed`. Zeroes `rawKey`. @internal */
export async function openWithDataKey(
  rawKey: Uint8Array,
  iv: Uint8Array,
  additionalData: Uint8Array,
  sealed: Uint8Array,
): Promise<Uint8Array> {
  const key = await importDataKey(rawKey, 'decrypt');
  try {
    const opened = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: iv as Uint8Array<ArrayBuffer>,
        additionalData: additionalData as Uint8Array<ArrayBuffer>,
        tagLength: TAG_BITS,
      },
      key,
      sealed as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(opened);
  } catch (error) {
    // Web Crypto says only "OperationError"; which input was wrong cannot be known, so name every possibility.
    throw new EnvelopeError(
      'DecryptFailed',
      'The object could not be decrypted: wrong key, or the object or its metadata was changed.',
      { cause: error },
    );
  }
}
