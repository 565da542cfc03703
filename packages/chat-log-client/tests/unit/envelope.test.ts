import {
  DecryptCommand,
  DisabledException,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KeyUnavailableException,
  KMSClient,
  KMSInvalidStateException,
  KMSServiceException,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  decryptEnvelope,
  ENVELOPE_METADATA_BUDGET_BYTES,
  ENVELOPE_METADATA_KEYS,
  EnvelopeError,
  type EnvelopeErrorCode,
  type EnvelopeKeyProvider,
  encryptEnvelope,
  isEnvelope,
  kmsKeyProvider,
  S3_USER_METADATA_LIMIT_BYTES,
  userMetadataSize,
} from '../../src/envelope.js';
import { ChatLogError } from '../../src/errors.js';
import { fakeProvider } from './fakeKeyProvider.js';

const K = ENVELOPE_METADATA_KEYS;
const DECRYPT_FAILED =
  'The object could not be decrypted: wrong key, or the object or its metadata was changed.';

async function envelopeError(promise: Promise<unknown>): Promise<EnvelopeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvelopeError);
  expect(error).toBeInstanceOf(ChatLogError);
  return error as EnvelopeError;
}

function bytes(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

function decodeContext(value: string): unknown {
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0))));
}

function encodeContext(context: Record<string, string>): string {
  return btoa(JSON.stringify(context));
}

describe('encryptEnvelope / decryptEnvelope', () => {
  it.each([0, 1, 100_000])('round-trips %i bytes with metadata S3 can carry', async (length) => {
    const { provider } = fakeProvider({ context: { tenant: 'acme' } });
    const plaintext = bytes(length);

    const { ciphertext, metadata } = await encryptEnvelope(plaintext, provider, { context: { log: 'chat' } });

    expect(ciphertext.length).toBe(length + 16);
    expect(Object.keys(metadata).sort()).toEqual(Object.values(K).sort());
    for (const [key, value] of Object.entries(metadata)) {
      expect(key).toBe(key.toLowerCase());
      expect(key.startsWith('x-amz-meta-')).toBe(false);
      expect(value).toMatch(/^[\x21-\x7e]+$/);
    }
    expect(metadata[K.version]).toBe('1');
    expect(metadata[K.algorithm]).toBe('AES256-GCM');
    expect(metadata[K.keyId]).toBe('fake-key-1');
    expect(atob(metadata[K.iv])).toHaveLength(12);
    expect(decodeContext(metadata[K.context])).toEqual({
      log: 'chat',
      purpose: 'mv-chat-log',
      tenant: 'acme',
    });
    expect(await decryptEnvelope(ciphertext, metadata, provider)).toEqual(plaintext);
  });

  it('uses a fresh data key and IV for every object, and wipes every plaintext data key after use', async () => {
    const { provider, issued, returned } = fakeProvider();
    const plaintext = bytes(64);

    const first = await encryptEnvelope(plaintext, provider);
    const second = await encryptEnvelope(plaintext, provider);
    await decryptEnvelope(first.ciphertext, first.metadata, provider);

    expect(issued).toHaveLength(2);
    expect(second.metadata[K.encryptedKey]).not.toBe(first.metadata[K.encryptedKey]);
    expect(second.metadata[K.iv]).not.toBe(first.metadata[K.iv]);
    expect(second.ciphertext).not.toEqual(first.ciphertext);
    for (const key of [...issued, ...returned]) expect(key.every((byte) => byte === 0)).toBe(true);
  });

  it('refuses a provider that hands out the same data key buffer twice', async () => {
    const { provider } = fakeProvider();
    const reused = await provider.generateDataKey({});
    const reusing: EnvelopeKeyProvider = { ...provider, generateDataKey: async () => reused };

    await encryptEnvelope(bytes(8), reusing);
    const error = await envelopeError(encryptEnvelope(bytes(8), reusing));

    expect(error.code).toBe('KeyProviderFailed');
    expect(error.message).toMatch(/all-zero data key/);
  });

  it('accepts metadata as S3 returns it: any case, with or without the x-amz-meta- prefix, other keys ignored', async () => {
    const { provider } = fakeProvider();
    const { ciphertext, metadata } = await encryptEnvelope(bytes(10), provider);
    const asHeaders = Object.fromEntries(
      Object.entries(metadata).map(([key, value]) => [`X-Amz-Meta-${key.toUpperCase()}`, value]),
    );

    const opened = await decryptEnvelope(ciphertext, { ...asHeaders, sha256: 'x' }, provider);

    expect(opened).toEqual(bytes(10));
    expect(isEnvelope(asHeaders)).toBe(true);
    expect(isEnvelope(metadata)).toBe(true);
    expect(isEnvelope({ sha256: 'x' })).toBe(false);
  });

  describe('tampering', () => {
    it.each([
      ['a ciphertext byte', (c: Uint8Array) => c.map((b, i) => (i === 0 ? b ^ 1 : b))],
      ['a tag byte', (c: Uint8Array) => c.map((b, i) => (i === c.length - 1 ? b ^ 0x80 : b))],
      ['a missing tail', (c: Uint8Array) => c.subarray(0, c.length - 1)],
      ['a body shorter than the tag', (c: Uint8Array) => c.subarray(0, 5)],
      ['an appended byte', (c: Uint8Array) => Uint8Array.from([...c, 0])],
    ])('%s fails to decrypt', async (_, tamper) => {
      const { provider } = fakeProvider();
      const { ciphertext, metadata } = await encryptEnvelope(bytes(100), provider);

      const error = await envelopeError(decryptEnvelope(tamper(ciphertext), metadata, provider));

      expect(error.code).toBe('DecryptFailed');
      expect(error.message).toBe(DECRYPT_FAILED);
    });

    const flipFirstByte = (value: string) => {
      const raw = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
      raw[0] = (raw[0] ?? 0) ^ 1;
      return btoa(String.fromCharCode(...raw));
    };

    it.each<[string, string, (value: string) => string, EnvelopeErrorCode]>([
      ['the version', K.version, () => '2', 'UnsupportedVersion'],
      ['the algorithm', K.algorithm, () => 'AES128-GCM', 'InvalidMetadata'],
      ['the encrypted data key', K.encryptedKey, flipFirstByte, 'DecryptFailed'],
      ['the encrypted data key (not base64)', K.encryptedKey, (v) => `${v.slice(1)}!`, 'InvalidMetadata'],
      ['the IV', K.iv, flipFirstByte, 'DecryptFailed'],
      ['the IV (8 bytes)', K.iv, () => btoa('12345678'), 'InvalidMetadata'],
      ['the key id', K.keyId, () => 'fake-key-2', 'DecryptFailed'],
      ['the key id (not ASCII)', K.keyId, () => 'clé', 'InvalidMetadata'],
      [
        'the context (another tenant)',
        K.context,
        () => encodeContext({ purpose: 'mv-chat-log', tenant: 'evil' }),
        'DecryptFailed',
      ],
      [
        'the context (pair removed)',
        K.context,
        () => encodeContext({ purpose: 'mv-chat-log' }),
        'DecryptFailed',
      ],
      ['the context (no purpose)', K.context, () => encodeContext({ tenant: 'acme' }), 'ContextMismatch'],
      ['the context (not JSON)', K.context, () => btoa('{tenant'), 'InvalidMetadata'],
      ['the context (not strings)', K.context, () => btoa('{"purpose":1}'), 'InvalidMetadata'],
    ])('changing %s is refused', async (_, key, tamper, code) => {
      const { provider } = fakeProvider();
      const { ciphertext, metadata } = await encryptEnvelope(bytes(100), provider, {
        context: { tenant: 'acme' },
      });

      const error = await envelopeError(
        decryptEnvelope(
          ciphertext,
          { ...metadata, [key]: tamper(metadata[key as keyof typeof metadata]) },
          provider,
        ),
      );

      expect(error.code).toBe(code);
      if (code === 'DecryptFailed') expect(error.message).toBe(DECRYPT_FAILED);
    });

    it.each(Object.values(K))('a missing %s is refused', async (key) => {
      const { provider } = fakeProvider();
      const { ciphertext, metadata } = await encryptEnvelope(bytes(10), provider);
      const { [key]: _removed, ...rest } = metadata;

      const error = await envelopeError(decryptEnvelope(ciphertext, rest, provider));

      expect(error.code).toBe('InvalidMetadata');
      expect(error.message).toContain(key);
    });

    it('refuses, before asking for the key, an object whose context lacks a pair the reader requires', async () => {
      const writer = fakeProvider({ context: { tenant: 'acme' } });
      const { ciphertext, metadata } = await encryptEnvelope(bytes(10), writer.provider);
      const reader = fakeProvider({ context: { tenant: 'other' } });

      const error = await envelopeError(decryptEnvelope(ciphertext, metadata, reader.provider));

      expect(error.code).toBe('ContextMismatch');
      expect(error.message).toContain('differs in: tenant');
      expect(error.message).not.toContain('acme');
      expect(reader.returned).toHaveLength(0);
    });
  });

  describe('encryption context', () => {
    it.each([
      ['changing the purpose', { purpose: 'other' }, /"purpose" is already set/],
      ['changing a provider pair', { tenant: 'other' }, /"tenant" is already set/],
      ['a key KMS reserves', { 'aws:source': 'x' }, /KMS reserves/],
      ['an empty value', { log: '' }, /non-empty strings/],
    ])('refuses %s without asking for a key', async (_, context, message) => {
      const { provider, issued } = fakeProvider({ context: { tenant: 'acme' } });

      const error = await envelopeError(encryptEnvelope(bytes(1), provider, { context }));

      expect(error.code).toBe('InvalidContext');
      expect(error.message).toMatch(message);
      expect(issued).toHaveLength(0);
    });

    it('is canonical: the same pairs in any order give the same context', async () => {
      const { provider } = fakeProvider();
      const a = await encryptEnvelope(bytes(1), provider, { context: { b: '2', a: '1' } });
      const b = await encryptEnvelope(bytes(1), provider, { context: { a: '1', b: '2' } });

      expect(a.metadata[K.context]).toBe(b.metadata[K.context]);
      expect(atob(a.metadata[K.context])).toBe('{"a":"1","b":"2","purpose":"mv-chat-log"}');
    });

    it('may carry non-ASCII text, still as ASCII metadata', async () => {
      const { provider } = fakeProvider();
      const { ciphertext, metadata } = await encryptEnvelope(bytes(1), provider, {
        context: { équipe: 'café' },
      });

      expect(metadata[K.context]).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(await decryptEnvelope(ciphertext, metadata, provider)).toEqual(bytes(1));
    });
  });

  describe('metadata size', () => {
    it('counts each x-amz-meta- name and value in UTF-8', () => {
      expect(userMetadataSize({ sha256: 'A'.repeat(44) })).toBe('x-amz-meta-sha256'.length + 44);
      expect(userMetadataSize({ k: 'é' })).toBe('x-amz-meta-k'.length + 2);
    });

    it('keeps a KMS-sized envelope well inside its budget, and the budget inside S3 limit with room to spare', async () => {
      // Real KMS: a 184-byte ciphertext blob for an AES_256 data key, a key ARN as key id.
      const arn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const kmsSized: EnvelopeKeyProvider = {
        generateDataKey: async () => ({
          plaintextKey: crypto.getRandomValues(new Uint8Array(32)),
          encryptedKey: crypto.getRandomValues(new Uint8Array(184)),
          keyId: arn,
        }),
        decryptDataKey: async () => new Uint8Array(32),
      };

      const { metadata } = await encryptEnvelope(bytes(1), kmsSized, { context: { tenant: 'acme' } });

      expect(userMetadataSize(metadata)).toBeLessThan(600);
      expect(
        ENVELOPE_METADATA_BUDGET_BYTES + userMetadataSize({ sha256: 'A'.repeat(44) }),
      ).toBeLessThanOrEqual(S3_USER_METADATA_LIMIT_BYTES);
    });

    it('refuses a context that would overflow the budget, and still wipes the data key', async () => {
      const { provider, issued } = fakeProvider();

      const error = await envelopeError(
        encryptEnvelope(bytes(1), provider, { context: { note: 'x'.repeat(1200) } }),
      );

      expect(error.code).toBe('MetadataTooLarge');
      expect(error.message).toMatch(/over its budget of 1536 .*shorten the encryption context/);
      expect(issued[0]?.every((byte) => byte === 0)).toBe(true);
    });
  });

  describe('key provider failures', () => {
    it('wraps what a provider throws, keeping it as the cause', async () => {
      const cause = new Error('socket hang up');
      const failing: EnvelopeKeyProvider = {
        generateDataKey: () => Promise.reject(cause),
        decryptDataKey: () => Promise.reject(cause),
      };

      const error = await envelopeError(encryptEnvelope(bytes(1), failing));

      expect(error.code).toBe('KeyProviderFailed');
      expect(error.cause).toBe(cause);
    });

    it('refuses a data key that is not 32 bytes', async () => {
      const { provider } = fakeProvider({ keyBytes: 16 });

      const error = await envelopeError(encryptEnvelope(bytes(1), provider));

      expect(error).toMatchObject({
        code: 'KeyProviderFailed',
        message: expect.stringMatching(/16-byte data key/),
      });
    });

    it.each(['', 'has space', 'clé'])(
      'refuses the key id %j, which S3 metadata cannot carry',
      async (keyId) => {
        const { provider, issued } = fakeProvider({ keyId });

        const error = await envelopeError(encryptEnvelope(bytes(1), provider));

        expect(error.code).toBe('KeyProviderFailed');
        expect(issued[0]?.every((byte) => byte === 0)).toBe(true);
      },
    );
  });
});

describe('kmsKeyProvider error paths (aws-sdk-client-mock)', () => {
  const kms = mockClient(KMSClient);
  const client = new KMSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
  });
  const keyId = 'alias/chat-logs';
  const sdkMessage = 'sdk-detail-not-for-users';
  const $metadata = {};

  beforeEach(() => {
    kms.reset();
  });

  it.each<[string, () => Error, EnvelopeErrorCode, RegExp]>([
    [
      'NotFoundException',
      () => new NotFoundException({ message: sdkMessage, $metadata }),
      'KeyNotFound',
      /"alias\/chat-logs" was not found: check the key id or alias, and .*region/,
    ],
    [
      'DisabledException',
      () => new DisabledException({ message: sdkMessage, $metadata }),
      'KeyDisabled',
      /"alias\/chat-logs" is disabled: enable it/,
    ],
    [
      'AccessDeniedException',
      () =>
        new KMSServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          message: sdkMessage,
          $metadata,
        }),
      'KeyAccessDenied',
      /denied GenerateDataKey .*key policy .*kms:GenerateDataKey .*region/,
    ],
    [
      'KMSInvalidStateException',
      () => new KMSInvalidStateException({ message: sdkMessage, $metadata }),
      'KeyUnusable',
      /current state/,
    ],
    [
      'InvalidKeyUsageException',
      () => new InvalidKeyUsageException({ message: sdkMessage, $metadata }),
      'KeyUnusable',
      /not a symmetric encryption key/,
    ],
    [
      'KeyUnavailableException',
      () => new KeyUnavailableException({ message: sdkMessage, $metadata }),
      'KeyServiceUnavailable',
      /Retry later/,
    ],
    [
      'UnrecognizedClientException',
      () =>
        new KMSServiceException({
          name: 'UnrecognizedClientException',
          $fault: 'client',
          message: sdkMessage,
          $metadata,
        }),
      'KeyAccessDenied',
      /check the AWS credentials/,
    ],
    [
      'a refused connection',
      () => Object.assign(new Error(`connect ECONNREFUSED ${sdkMessage}`), { code: 'ECONNREFUSED' }),
      'KeyServiceUnavailable',
      /network is unavailable/,
    ],
    [
      'an unknown error',
      () =>
        new KMSServiceException({ name: 'Weird Error!', $fault: 'server', message: sdkMessage, $metadata }),
      'KeyProviderFailed',
      /failed \(unknown error\); see the cause/,
    ],
  ])('GenerateDataKey failing with %s says what to check', async (_, makeError, code, message) => {
    const cause = makeError();
    kms.on(GenerateDataKeyCommand).rejects(cause);
    const provider = kmsKeyProvider({ client, keyId, encryptionContext: { tenant: 'acme' } });

    const error = await envelopeError(encryptEnvelope(bytes(1), provider, { context: { log: 'chat' } }));

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(sdkMessage);
    expect(error.cause).toBe(cause);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: keyId,
      KeySpec: 'AES_256',
      EncryptionContext: { log: 'chat', purpose: 'mv-chat-log', tenant: 'acme' },
    });
  });

  it('GenerateDataKey answering without a data key is refused', async () => {
    kms.on(GenerateDataKeyCommand).resolves({ KeyId: 'arn:aws:kms:eu-west-1:1:key/x' });

    const error = await envelopeError(encryptEnvelope(bytes(1), kmsKeyProvider({ client, keyId })));

    expect(error).toMatchObject({
      code: 'KeyProviderFailed',
      message: expect.stringMatching(/without a data key/),
    });
  });

  it.each<[string, () => Error, EnvelopeErrorCode, RegExp]>([
    [
      'InvalidCiphertextException',
      () => new InvalidCiphertextException({ message: sdkMessage, $metadata }),
      'DataKeyRejected',
      /encryption context or the encrypted key .* not what it was encrypted with/,
    ],
    [
      'IncorrectKeyException',
      () => new IncorrectKeyException({ message: sdkMessage, $metadata }),
      'DataKeyRejected',
      /another KMS key than KMS key "alias\/chat-logs"/,
    ],
    [
      'AccessDeniedException',
      () =>
        new KMSServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          message: sdkMessage,
          $metadata,
        }),
      'KeyAccessDenied',
      /kms:Decrypt .*region; the object may also have been encrypted under another key/,
    ],
    [
      'DisabledException',
      () => new DisabledException({ message: sdkMessage, $metadata }),
      'KeyDisabled',
      /cannot be decrypted while it is disabled/,
    ],
  ])('Decrypt failing with %s says what to check', async (_, makeError, code, message) => {
    const cause = makeError();
    kms.on(DecryptCommand).rejects(cause);
    const { provider: writer } = fakeProvider({ keyId: 'arn:aws:kms:eu-west-1:1:key/other' });
    const { ciphertext, metadata } = await encryptEnvelope(bytes(1), writer);
    const reader = kmsKeyProvider({ client, keyId });

    const error = await envelopeError(decryptEnvelope(ciphertext, metadata, reader));

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(sdkMessage);
    expect(error.message).not.toContain(metadata[K.encryptedKey]);
    expect(error.cause).toBe(cause);
    // The reader's configured key, not the one the metadata names.
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: keyId,
      EncryptionContext: { purpose: 'mv-chat-log' },
    });
  });

  it('refuses an empty key id at once', () => {
    expect(() => kmsKeyProvider({ client, keyId: '' })).toThrow(/needs a keyId/);
  });
});
