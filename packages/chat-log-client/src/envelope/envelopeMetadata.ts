import { firstIssue } from '@mv/chat-log-contract';
import * as z from 'zod/mini';
import { fromBase64, toBase64 } from './base64.js';
import { IV_BYTES } from './dataKeyCipher.js';
import { EnvelopeError } from './EnvelopeError.js';
import { decodeContext, type EncryptionContext, encodeContext } from './encryptionContext.js';

/** The envelope format this package writes. A reader refuses any other, so a future format cannot be misread. */
export const ENVELOPE_VERSION = '1';
/** The only cipher of version 1: AES-256-GCM, 12-byte IV, 16-byte tag appended to the ciphertext. */
export const ENVELOPE_ALGORITHM = 'AES256-GCM';

/**
 * Object metadata keys of an envelope: lower case, without the `x-amz-meta-` prefix that the uploader adds to the
 * header names (and that S3 strips again in the SDKs).
 *
 * @example
 * const headers = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`x-amz-meta-${k}`, v]));
 * const keyArn = metadata[ENVELOPE_METADATA_KEYS.keyId];
 */
export const ENVELOPE_METADATA_KEYS = {
  version: 'mv-envelope',
  algorithm: 'mv-envelope-alg',
  encryptedKey: 'mv-envelope-key',
  iv: 'mv-envelope-iv',
  keyId: 'mv-envelope-key-id',
  context: 'mv-envelope-context',
} as const;

/**
 * S3's limit on an object's user metadata (every `x-amz-meta-*` name and value, UTF-8).
 *
 * @example
 * const room = S3_USER_METADATA_LIMIT_BYTES - userMetadataSize(envelope.metadata); // for metadata of your own
 */
export const S3_USER_METADATA_LIMIT_BYTES = 2048;
/**
 * How much of {@link S3_USER_METADATA_LIMIT_BYTES} the envelope may use, leaving at least 512 bytes to the uploader's
 * own metadata (`x-amz-meta-sha256` takes 61). A KMS envelope (an encrypted data key of about 184 bytes, a key ARN)
 * takes about 510 bytes plus the base64 of its context, so the canonical context JSON may be up to about 770 bytes.
 */
export const ENVELOPE_METADATA_BUDGET_BYTES = 1536;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const K = ENVELOPE_METADATA_KEYS;

/**
 * The envelope fields of an object's metadata, as they travel. Values are ASCII (base64 or printable), because S3
 * metadata values must be. Unknown keys are stripped when parsing.
 *
 * @example
 * const envelope = EnvelopeMetadata.safeParse(response.Metadata);
 * if (envelope.success) console.log('encrypted under', envelope.data['mv-envelope-key-id']);
 */
export const EnvelopeMetadata = z.object({
  [K.version]: z.string(),
  [K.algorithm]: z.literal(ENVELOPE_ALGORITHM),
  [K.encryptedKey]: z.string().check(z.minLength(4), z.maxLength(8192)),
  [K.iv]: z.string().check(z.length(16)),
  [K.keyId]: z.string().check(z.maxLength(2048), z.regex(PRINTABLE_ASCII)),
  [K.context]: z.string().check(z.minLength(4)),
});
export type EnvelopeMetadata = z.infer<typeof EnvelopeMetadata>;

/** The envelope fields decoded. @internal */
export interface EnvelopeFields {
  encryptedKey: Uint8Array;
  iv: Uint8Array;
  keyId: string;
  context: EncryptionContext;
}

/**
 * Bytes an object's user metadata counts against S3's 2 KB: each `x-amz-meta-<key>` name plus its value, UTF-8.
 * Counting the prefix is conservative (S3's documentation is ambiguous about it). Use it to check the total when
 * adding metadata of your own.
 *
 * @example
 * const total = userMetadataSize({ ...envelope.metadata, sha256 });
 * if (total > S3_USER_METADATA_LIMIT_BYTES) throw new Error('too much metadata');
 */
export function userMetadataSize(metadata: Readonly<Record<string, string>>): number {
  const encoder = new TextEncoder();
  let size = 0;
  for (const [key, value] of Object.entries(metadata)) {
    size += encoder.encode(`x-amz-meta-${key}`).length + encoder.encode(value).length;
  }
  return size;
}

/**
 * Whether an object's metadata says it is an envelope (so the downloader should decrypt it). Keys are compared
 * case-insensitively, with or without the `x-amz-meta-` prefix.
 *
 * @example
 * const body = isEnvelope(metadata) ? await decryptEnvelope(bytes, metadata, provider) : bytes;
 */
export function isEnvelope(metadata: Readonly<Record<string, string>>): boolean {
  return normaliseKeys(metadata)[K.version] !== undefined;
}

/** The metadata of a new envelope, refused when it would not fit {@link ENVELOPE_METADATA_BUDGET_BYTES}. @internal */
export function writeEnvelopeMetadata(fields: EnvelopeFields): EnvelopeMetadata {
  if (!PRINTABLE_ASCII.test(fields.keyId) || fields.keyId.length > 2048) {
    throw new EnvelopeError(
      'KeyProviderFailed',
      'The key provider returned a key id that is empty, longer than 2048 characters or not printable ASCII.',
    );
  }
  const metadata: EnvelopeMetadata = {
    [K.version]: ENVELOPE_VERSION,
    [K.algorithm]: ENVELOPE_ALGORITHM,
    [K.encryptedKey]: toBase64(fields.encryptedKey),
    [K.iv]: toBase64(fields.iv),
    [K.keyId]: fields.keyId,
    [K.context]: encodeContext(fields.context),
  };
  const size = userMetadataSize(metadata);
  if (size > ENVELOPE_METADATA_BUDGET_BYTES) {
    throw new EnvelopeError(
      'MetadataTooLarge',
      `The envelope metadata would take ${size} bytes, over its budget of ${ENVELOPE_METADATA_BUDGET_BYTES} ` +
        `(S3 allows ${S3_USER_METADATA_LIMIT_BYTES} bytes of user metadata per object): shorten the encryption context.`,
    );
  }
  return metadata;
}

/** Reads and checks the envelope fields of an object's metadata (keys in any case, prefix optional). @internal */
export function readEnvelopeMetadata(metadata: Readonly<Record<string, string>>): EnvelopeFields {
  const normalised = normaliseKeys(metadata);
  const version = normalised[K.version];
  if (version === undefined) {
    throw new EnvelopeError(
      'InvalidMetadata',
      `The object is not envelope-encrypted, or its metadata was lost (no "${K.version}").`,
    );
  }
  if (version !== ENVELOPE_VERSION) {
    throw new EnvelopeError(
      'UnsupportedVersion',
      `The object uses envelope format "${printable(version)}"; this version of @mv/chat-log-client reads ` +
        `format "${ENVELOPE_VERSION}". Upgrade @mv/chat-log-client.`,
    );
  }
  const parsed = EnvelopeMetadata.safeParse(normalised);
  if (!parsed.success) {
    const { field } = firstIssue(parsed.error);
    throw invalid(field);
  }
  const data = parsed.data;
  const encryptedKey = fromBase64(data[K.encryptedKey]);
  if (encryptedKey === undefined) throw invalid(K.encryptedKey);
  const iv = fromBase64(data[K.iv]);
  if (iv === undefined || iv.length !== IV_BYTES) throw invalid(K.iv);
  const context = decodeContext(data[K.context]);
  if (context === undefined) throw invalid(K.context);
  return { encryptedKey, iv, keyId: data[K.keyId], context };
}

/**
 * The additional authenticated data of the AES-GCM seal: the format, the key id and the canonical encryption context.
 * Changing any of them in the metadata makes decryption fail. (The IV and encrypted key need no AAD: changing them
 * changes the GCM nonce or the key, which fails the tag anyway.)
 * @internal
 */
export function additionalData(fields: Pick<EnvelopeFields, 'keyId' | 'context'>): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify([ENVELOPE_VERSION, ENVELOPE_ALGORITHM, fields.keyId, encodeContext(fields.context)]),
  );
}

function normaliseKeys(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([key, value]) => {
      const lower = key.toLowerCase();
      return [lower.startsWith('x-amz-meta-') ? lower.slice('x-amz-meta-'.length) : lower, value];
    }),
  );
}

function invalid(field: string): EnvelopeError {
  return new EnvelopeError(
    'InvalidMetadata',
    `The object's envelope metadata "${field}" is missing or malformed: the metadata was lost or changed.`,
  );
}

/** Metadata comes from the object, so only a short, printable excerpt goes into a message. */
function printable(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 16);
}
