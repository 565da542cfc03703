import { randomFillSync } from 'node:crypto';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { type MotoServer, motoAvailable, motoCredentials, startMoto } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptEnvelope,
  ENVELOPE_METADATA_BUDGET_BYTES,
  ENVELOPE_METADATA_KEYS,
  EnvelopeError,
  encryptEnvelope,
  kmsKeyProvider,
  userMetadataSize,
} from '../../src/envelope.js';

const K = ENVELOPE_METADATA_KEYS;
const MiB = 1024 * 1024;
const hasMoto = motoAvailable();

async function refusal(promise: Promise<unknown>): Promise<EnvelopeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvelopeError);
  return error as EnvelopeError;
}

describe.skipIf(!hasMoto)('envelope round trip against moto_server KMS', () => {
  let moto: MotoServer;
  let kms: KMSClient;

  async function createKey(): Promise<string> {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'chat-log envelope test' }));
    return KeyMetadata!.Arn!;
  }

  beforeAll(async () => {
    moto = await startMoto();
    kms = new KMSClient({ ...motoCredentials, endpoint: moto.endpoint });
  });

  afterAll(async () => {
    kms?.destroy();
    await moto?.stop();
  });

  it.each([
    ['1 byte', 1],
    ['1 MiB', MiB],
    ['20 MiB', 20 * MiB],
  ])('round-trips %s through a KMS data key', async (_, length) => {
    const keyArn = await createKey();
    const provider = kmsKeyProvider({ client: kms, keyId: keyArn, encryptionContext: { tenant: 'acme' } });
    const plaintext = randomFillSync(new Uint8Array(length));

    const { ciphertext, metadata } = await encryptEnvelope(plaintext, provider, { context: { log: 'chat' } });
    const opened = await decryptEnvelope(ciphertext, metadata, provider);

    expect(ciphertext.length).toBe(length + 16);
    expect(metadata[K.keyId]).toBe(keyArn);
    expect(userMetadataSize(metadata)).toBeLessThanOrEqual(ENVELOPE_METADATA_BUDGET_BYTES);
    expect(Buffer.from(opened).equals(Buffer.from(plaintext))).toBe(true);
  });

  it('a reader may name the key by id or by ARN, and every object gets its own data key', async () => {
    const keyArn = await createKey();
    const keyId = keyArn.split('/').pop()!;
    const writer = kmsKeyProvider({ client: kms, keyId });
    const reader = kmsKeyProvider({ client: kms, keyId: keyArn });

    const first = await encryptEnvelope(new Uint8Array([1]), writer);
    const second = await encryptEnvelope(new Uint8Array([1]), writer);

    expect(second.metadata[K.encryptedKey]).not.toBe(first.metadata[K.encryptedKey]);
    expect(await decryptEnvelope(first.ciphertext, first.metadata, reader)).toEqual(new Uint8Array([1]));
  });

  it('a reader requiring another encryption context is refused', async () => {
    const keyArn = await createKey();
    const writer = kmsKeyProvider({ client: kms, keyId: keyArn, encryptionContext: { tenant: 'acme' } });
    const reader = kmsKeyProvider({ client: kms, keyId: keyArn, encryptionContext: { tenant: 'other' } });
    const { ciphertext, metadata } = await encryptEnvelope(new Uint8Array([1, 2, 3]), writer);

    const error = await refusal(decryptEnvelope(ciphertext, metadata, reader));

    expect(error.code).toBe('ContextMismatch');
  });

  it('KMS refuses the data key when the context in the metadata was swapped', async () => {
    const keyArn = await createKey();
    const provider = kmsKeyProvider({ client: kms, keyId: keyArn });
    const { ciphertext, metadata } = await encryptEnvelope(new Uint8Array([1, 2, 3]), provider, {
      context: { tenant: 'acme' },
    });
    const swapped = btoa(JSON.stringify({ purpose: 'mv-chat-log', tenant: 'evil' }));

    const error = await refusal(decryptEnvelope(ciphertext, { ...metadata, [K.context]: swapped }, provider));

    expect(error.code).toBe('DataKeyRejected');
    expect((error.cause as Error).name).toBe('InvalidCiphertextException');
  });

  it("a provider for a different key cannot decrypt another key's object", async () => {
    const [keyA, keyB] = [await createKey(), await createKey()];
    const { ciphertext, metadata } = await encryptEnvelope(
      new Uint8Array([7]),
      kmsKeyProvider({ client: kms, keyId: keyA }),
    );

    const error = await refusal(
      decryptEnvelope(ciphertext, metadata, kmsKeyProvider({ client: kms, keyId: keyB })),
    );

    // Real KMS answers IncorrectKeyException, moto AccessDeniedException: both say to check the key.
    expect(['KeyAccessDenied', 'DataKeyRejected']).toContain(error.code);
    expect(error.message).toMatch(/another key|another KMS key/);
  });

  it('an unknown key id says to check the key id and region', async () => {
    const missing = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000';

    const error = await refusal(
      encryptEnvelope(new Uint8Array([1]), kmsKeyProvider({ client: kms, keyId: missing })),
    );

    expect(error.code).toBe('KeyNotFound');
    expect(error.message).toMatch(/check the key id or alias, and .*region/);
    expect((error.cause as Error).name).toBe('NotFoundException');
  });

  // A disabled key is not tested here: moto_server 5.2.1 records DisableKey but keeps serving GenerateDataKey and
  // Decrypt. The mapping of KMS's DisabledException to EnvelopeError 'KeyDisabled' is covered by the unit tests.
});
