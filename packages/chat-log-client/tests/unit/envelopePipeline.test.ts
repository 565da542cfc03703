import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeError } from '../../src/envelope.js';
import { ChatLogDownloader, ChatLogUploader } from '../../src/index.js';
import { fakeProvider } from './fakeKeyProvider.js';
import { fakeBackend } from './fakeS3.js';

const endpoint = 'https://presign.example/';
const fast = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };
const templated = (pin: string) =>
  JSON.stringify({ role: 'assistant', content: `Your one-time PIN is ${pin}. It expires in 5 minutes.` });
const digests = (text: string) => {
  const hash = createHash('sha256').update(text);
  return [hash.copy().digest('base64'), hash.digest('hex')];
};

describe('envelope-encrypted uploads keep the plaintext digest out of clear metadata', () => {
  it.each([
    ['encrypted', false],
    ['compressed and encrypted', true],
  ])(
    '%s: no PIN of 10,000 can be confirmed from the stored metadata, and the download still verifies',
    async (_, compress) => {
      // Prepare
      const backend = fakeBackend();
      const { provider } = fakeProvider();
      const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });
      const secretLog = templated('4821');

      // Act
      const { s3Key } = await uploader.robustUpload(secretLog, {
        fileName: 'otp.json',
        contentType: 'application/json',
        encrypt: provider,
        compress,
      });
      const stored = backend.objects.get(s3Key);
      const values = new Set(Object.values(stored?.metadata ?? {}));
      const confirmed: string[] = [];
      for (let n = 0; n < 10_000; n++) {
        const pin = String(n).padStart(4, '0');
        if (digests(templated(pin)).some((digest) => values.has(digest))) confirmed.push(pin);
      }
      const back = await new ChatLogDownloader({
        endpoint,
        fetch: backend.fetch,
        decrypt: provider,
      }).download(s3Key);

      // Assess
      expect(Object.keys(stored?.metadata ?? {})).not.toContain('x-amz-meta-mv-original-sha256');
      expect(confirmed).toEqual([]);
      expect(back.text()).toBe(secretLog);
      expect(back.verified).toBe(true);
    },
  );

  it('a downloader set to decrypt refuses an object stored in clear', async () => {
    // Prepare
    const backend = fakeBackend();
    const { provider } = fakeProvider();
    const { s3Key } = await new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast }).robustUpload(
      '{"plain":true}',
      { fileName: 'plain.json', contentType: 'application/json' },
    );

    // Act
    const error = await new ChatLogDownloader({
      endpoint,
      fetch: backend.fetch,
      decrypt: provider,
      retry: fast,
    })
      .download(s3Key)
      .catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error).toMatchObject({ code: 'NotEncrypted' });
  });

  it('a downloader set to decrypt refuses an encrypted object whose envelope metadata was stripped', async () => {
    // Prepare
    const backend = fakeBackend();
    const { provider } = fakeProvider();
    const { s3Key } = await new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast }).robustUpload(
      templated('1234'),
      { fileName: 'otp.json', contentType: 'application/json', encrypt: provider },
    );
    const stored = backend.objects.get(s3Key);
    if (stored) stored.metadata = {};

    // Act
    const error = await new ChatLogDownloader({
      endpoint,
      fetch: backend.fetch,
      decrypt: provider,
      retry: fast,
    })
      .download(s3Key)
      .catch((e) => e);

    // Assess
    expect(error).toMatchObject({ name: 'EnvelopeError', code: 'NotEncrypted' });
  });
});
