import { ChatLogError } from '../errors.js';

/**
 * What went wrong with an envelope, as a stable string a program (or the CLI's exit code) can branch on.
 *
 * - `InvalidContext`: the encryption context given to {@link encryptEnvelope} is not acceptable.
 * - `MetadataTooLarge`: the envelope metadata would not fit S3's 2 KB of user metadata.
 * - `InvalidMetadata`: a metadata field is missing or malformed (not an envelope, or metadata was lost or changed).
 * - `UnsupportedVersion`: written by a newer version of this package.
 * - `ContextMismatch`: the object's encryption context lacks a pair the reader's key provider requires.
 * - `DecryptFailed`: AES-GCM authentication failed: wrong key, or the object or its metadata was changed.
 * - `NotEncrypted`: a reader configured to decrypt got an object without an envelope (stored in clear, or its
 *   envelope metadata was removed).
 * - `KeyAccessDenied`, `KeyNotFound`, `KeyDisabled`, `KeyUnusable`, `DataKeyRejected`, `KeyServiceUnavailable`:
 *   KMS refused or failed; see the message for what to check.
 * - `KeyProviderFailed`: a key provider failed in another way (see `cause`).
 */
export type EnvelopeErrorCode =
  | 'InvalidContext'
  | 'MetadataTooLarge'
  | 'InvalidMetadata'
  | 'UnsupportedVersion'
  | 'ContextMismatch'
  | 'DecryptFailed'
  | 'NotEncrypted'
  | 'KeyAccessDenied'
  | 'KeyNotFound'
  | 'KeyDisabled'
  | 'KeyUnusable'
  | 'DataKeyRejected'
  | 'KeyServiceUnavailable'
  | 'KeyProviderFailed';

/**
 * Envelope encryption or decryption failed. The message says what to check; it never contains key material,
 * plaintext or ciphertext. When KMS (or another key provider) failed, the original error is the `cause`.
 *
 * @example
 * try {
 *   await decryptEnvelope(ciphertext, metadata, provider);
 * } catch (error) {
 *   if (error instanceof EnvelopeError && error.code === 'DecryptFailed') console.error(error.message);
 *   else throw error;
 * }
 */
export class EnvelopeError extends ChatLogError {
  readonly code: EnvelopeErrorCode;
  constructor(code: EnvelopeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EnvelopeError';
    this.code = code;
  }
}
