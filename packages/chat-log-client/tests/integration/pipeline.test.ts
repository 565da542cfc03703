import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { motoAvailable, motoCredentials } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsKeyProvider } from '../../src/envelope.js';
import { type ChatLog, ChatLogDownloader, ChatLogError, ChatLogUploader } from '../../src/index.js';
import { ALICE_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const secretKey = 'Zq8v2m+J4kTn1pWd7sLh0XyR3bCfGa9eUoVi5QtK'; // 40 characters, like a real secret key
const log: ChatLog = {
  sessionId: 'pipeline-1',
  messages: [
    {
      role: 'user',
      content: `deploy with AKIAZ7Q3KXW2M4TBEXMP and aws_secret_access_key = ${secretKey}; mail ops@corp.example.org`,
      timestamp: '2026-11-23T10:00:00Z',
    },
    {
      role: 'assistant',
      content: 'ログは圧縮して暗号化します。'.repeat(200),
      timestamp: '2026-11-23T10:00:01Z',
    },
  ],
};

describe.skipIf(!motoAvailable())(
  'redaction, gzip and envelope encryption end to end (moto S3 + KMS)',
  () => {
    let stack: ChatLogStack;
    let kms: KMSClient;
    let keyId: string;
    beforeAll(async () => {
      stack = await startChatLogStack();
      kms = new KMSClient({ ...motoCredentials, endpoint: stack.moto.endpoint });
      keyId = (await kms.send(new CreateKeyCommand({ Description: 'envelope' }))).KeyMetadata!.KeyId!;
    });
    afterAll(async () => {
      kms?.destroy();
      await stack?.stop();
    });

    it('redacts before upload, stores gzip with Content-Encoding, and downloads the redacted original', async () => {
      const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
      const result = await uploader.upload(log, { redact: true, compress: true });

      expect(result.redaction).toEqual({
        total: 3,
        byKind: { 'aws-access-key-id': 1, 'aws-secret-access-key': 1, email: 1 },
      });
      expect(JSON.stringify(result.redaction)).not.toContain(secretKey);
      const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
      expect(head.ContentEncoding).toBe('gzip');
      expect(head.ContentLength).toBeLessThan(JSON.stringify(log).length / 5);
      const back = await new ChatLogDownloader({ endpoint: stack.server.url, token: ALICE_KEY }).downloadLog(
        result.s3Key,
      );
      expect(back.messages[1]).toEqual(log.messages[1]);
      expect(back.messages[0]!.content).toContain('[REDACTED:aws-access-key-id]');
      expect(JSON.stringify(back)).not.toContain(secretKey);
      expect(JSON.stringify(back)).not.toContain('AKIAZ7Q3KXW2M4TBEXMP');
    });

    it('envelope-encrypts with a KMS data key: S3 holds ciphertext, the downloader with the key gets the log back', async () => {
      const provider = kmsKeyProvider({ client: kms, keyId });
      const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
      const result = await uploader.upload(log, {
        compress: true,
        encrypt: provider,
        encryptionContext: { session: 'pipeline-1' },
      });

      const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
      const raw = Buffer.from(await stored.Body!.transformToByteArray());
      expect(raw.toString('utf8')).not.toContain('pipeline-1');
      expect(stored.ContentEncoding).toBeUndefined();
      expect(stored.Metadata).toMatchObject({
        'mv-envelope': '1',
        'mv-envelope-alg': 'AES256-GCM',
        'mv-compression': 'gzip',
      });

      const back = await new ChatLogDownloader({
        endpoint: stack.server.url,
        token: ALICE_KEY,
        decrypt: provider,
      }).downloadLog(result.s3Key);
      expect(back).toEqual(log);

      const withoutKey = await new ChatLogDownloader({ endpoint: stack.server.url, token: ALICE_KEY })
        .download(result.s3Key)
        .catch((e: unknown) => e);
      expect(withoutKey).toBeInstanceOf(ChatLogError);
      expect((withoutKey as Error).message).toMatch(/envelope-encrypted/);
    });
  },
);
