/**
 * Envelope encryption of chat logs before upload: a fresh KMS (or other) data key per object encrypts the log with
 * AES-256-GCM; the encrypted data key, IV and encryption context travel in the object's user metadata. Browser and
 * Node alike (Web Crypto); `@aws-sdk/client-kms` is needed only for {@link kmsKeyProvider}.
 *
 * @example
 * import { KMSClient } from '@aws-sdk/client-kms';
 * import { decryptEnvelope, encryptEnvelope, kmsKeyProvider } from '@mv/chat-log-client/envelope';
 *
 * const provider = kmsKeyProvider({ client: new KMSClient({}), keyId: 'alias/chat-logs' });
 * const { ciphertext, metadata } = await encryptEnvelope(bytes, provider);
 * const back = await decryptEnvelope(ciphertext, metadata, provider);
 *
 * @module
 */
export { decryptEnvelope } from './envelope/decryptEnvelope.js';
export { EnvelopeError, type EnvelopeErrorCode } from './envelope/EnvelopeError.js';
export type { DataKey, EnvelopeKeyProvider } from './envelope/EnvelopeKeyProvider.js';
export {
  type EncryptEnvelopeOptions,
  type EncryptedEnvelope,
  encryptEnvelope,
} from './envelope/encryptEnvelope.js';
export { ENVELOPE_PURPOSE, EncryptionContext } from './envelope/encryptionContext.js';
export {
  ENVELOPE_ALGORITHM,
  ENVELOPE_METADATA_BUDGET_BYTES,
  ENVELOPE_METADATA_KEYS,
  ENVELOPE_VERSION,
  EnvelopeMetadata,
  isEnvelope,
  S3_USER_METADATA_LIMIT_BYTES,
  userMetadataSize,
} from './envelope/envelopeMetadata.js';
export { type KmsKeyProviderOptions, kmsKeyProvider } from './envelope/kmsKeyProvider.js';
