import type { DataKey, EnvelopeKeyProvider } from '../../src/envelope.js';

/**
 * An in-memory provider that, unlike KMS, does NOT authenticate anything: the "encrypted" key is the key XOR a pad,
 * and the context is ignored. So every tamper test below is caught by the envelope itself, not by the provider.
 */
export function fakeProvider(
  options: { context?: Record<string, string>; keyBytes?: number; keyId?: string } = {},
) {
  const pad = crypto.getRandomValues(new Uint8Array(32));
  const issued: Uint8Array[] = [];
  const returned: Uint8Array[] = [];
  const provider: EnvelopeKeyProvider = {
    ...(options.context ? { context: options.context } : {}),
    async generateDataKey(): Promise<DataKey> {
      const plaintextKey = crypto.getRandomValues(new Uint8Array(options.keyBytes ?? 32));
      const encryptedKey = plaintextKey.map((byte, i) => byte ^ (pad[i % 32] ?? 0));
      issued.push(plaintextKey);
      return { plaintextKey, encryptedKey, keyId: options.keyId ?? 'fake-key-1' };
    },
    async decryptDataKey(encryptedKey) {
      const key = encryptedKey.map((byte, i) => byte ^ (pad[i % 32] ?? 0));
      returned.push(key);
      return key;
    },
  };
  return { provider, issued, returned };
}
