import * as z from 'zod/mini';
import { fromBase64, toBase64 } from './base64.js';
import { EnvelopeError } from './EnvelopeError.js';

/**
 * KMS-style encryption context: non-secret pairs bound to the encrypted data key (KMS refuses to decrypt it under
 * any other context) and to the ciphertext (as AES-GCM additional data). Stored in the object's metadata, so never
 * put secrets in it. Keys and values are non-empty strings; keys starting with `aws` are reserved by KMS.
 *
 * @example
 * const context: EncryptionContext = { tenant: 'acme', log: 'support-chat' };
 */
export const EncryptionContext = z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1)));
export type EncryptionContext = z.infer<typeof EncryptionContext>;

/** The pair every envelope context carries, so a data key made for chat logs is refused anywhere else. */
export const ENVELOPE_PURPOSE = { purpose: 'mv-chat-log' } as const;

/** Sorted by UTF-16 code unit (not locale), so every runtime produces the same bytes. @internal */
export function canonicalContext(context: Readonly<EncryptionContext>): EncryptionContext {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Object.fromEntries defines own properties, so a key like `__proto__` stays data, never a prototype.
  return Object.fromEntries(entries);
}

/** The canonical JSON of a context: what KMS and AES-GCM see. @internal */
export function canonicalContextJson(context: Readonly<EncryptionContext>): string {
  return JSON.stringify(canonicalContext(context));
}

/**
 * The context of a new envelope: the purpose, the provider's pairs, then the caller's. A caller may add pairs but
 * not change one the provider or the purpose set, and not use KMS's reserved `aws` prefix.
 * @internal
 */
export function buildEncryptionContext(
  providerContext: Readonly<EncryptionContext> | undefined,
  callerContext: Readonly<EncryptionContext> | undefined,
): EncryptionContext {
  const fixed: Record<string, string> = { ...ENVELOPE_PURPOSE, ...providerContext };
  if (providerContext?.purpose !== undefined && providerContext.purpose !== ENVELOPE_PURPOSE.purpose) {
    throw new EnvelopeError(
      'InvalidContext',
      `The encryption context key "purpose" is reserved for "${ENVELOPE_PURPOSE.purpose}"; use another key name.`,
    );
  }
  for (const [key, value] of Object.entries(callerContext ?? {})) {
    if (Object.hasOwn(fixed, key) && fixed[key] !== value) {
      throw new EnvelopeError(
        'InvalidContext',
        `The encryption context key "${key}" is already set by the key provider (or reserved); use another key name.`,
      );
    }
  }
  const merged = { ...fixed, ...callerContext };
  const parsed = EncryptionContext.safeParse(merged);
  if (!parsed.success) {
    throw new EnvelopeError(
      'InvalidContext',
      'Encryption context keys and values must be non-empty strings.',
    );
  }
  const reserved = Object.keys(parsed.data).find((key) => key.toLowerCase().startsWith('aws'));
  if (reserved !== undefined) {
    throw new EnvelopeError(
      'InvalidContext',
      `The encryption context key "${reserved}" starts with "aws", which KMS reserves; use another key name.`,
    );
  }
  return canonicalContext(parsed.data);
}

/** base64 of the canonical JSON (UTF-8): ASCII, so it can travel as an S3 metadata value. @internal */
export function encodeContext(context: Readonly<EncryptionContext>): string {
  return toBase64(new TextEncoder().encode(canonicalContextJson(context)));
}

/** The context stored by {@link encodeContext}; `undefined` when the value is not one. @internal */
export function decodeContext(value: string): EncryptionContext | undefined {
  const bytes = fromBase64(value);
  if (bytes === undefined) return undefined;
  try {
    const parsed = EncryptionContext.safeParse(
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)),
    );
    return parsed.success ? canonicalContext(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}

/** Keys of `required` whose value `context` does not carry. @internal */
export function unmetContextKeys(
  context: Readonly<EncryptionContext>,
  required: Readonly<EncryptionContext>,
): string[] {
  return Object.entries(required)
    .filter(([key, value]) => !Object.hasOwn(context, key) || context[key] !== value)
    .map(([key]) => key);
}
