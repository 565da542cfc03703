import { GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { motoAvailable } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatLog,
  ChatLogDownloader,
  ChatLogUploader,
  ChatLogValidationError,
  PresignRequestError,
  S3TransferError,
} from '../../src/index.js';
import { ALICE_KEY, BOB_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const log: ChatLog = {
  sessionId: 'session-42',
  title: '設計レビュー',
  messages: [
    { role: 'user', content: 'S3 に保存して', timestamp: '2026-11-23T10:00:00Z' },
    { role: 'assistant', content: 'Done.', timestamp: '2026-11-23T10:00:02+09:00', model: 'claude-sonnet-4' },
  ],
  metadata: { app: 'media-viewer' },
};

describe.skipIf(!motoAvailable())('chat-log round trip against moto S3 + KMS', () => {
  let stack: ChatLogStack;
  beforeAll(async () => {
    stack = await startChatLogStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('uploads with SSE-KMS under the customer key and the SHA-256 stored, then downloads verified', async () => {
    // Prepare
    const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
    const downloader = new ChatLogDownloader({ endpoint: stack.server.url, token: async () => ALICE_KEY });

    // Act
    const result = await uploader.upload(log, { fileName: 'レビュー 1.json' });
    const downloaded = await downloader.downloadLog(result.s3Key);

    // Assess
    expect(result).toMatchObject({ bytes: Buffer.byteLength(JSON.stringify(log)), attempts: 1 });
    expect(result.s3Key).toMatch(/^chat-logs\/alice\/\d{4}-\d\d-\d\dT[\d:.]+Z_レビュー_1\.json$/);
    expect(downloaded).toEqual(log);
    const head = await stack.s3.send(
      new HeadObjectCommand({ Bucket: stack.bucket, Key: result.s3Key, ChecksumMode: 'ENABLED' }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect([stack.kmsKeyArn, stack.kmsKeyId]).toContain(head.SSEKMSKeyId);
    expect(head.ChecksumSHA256).toBe(result.sha256);
    expect(head.ContentType).toBe('application/json');
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
    expect(await stored.Body!.transformToString()).toBe(JSON.stringify(log));
  });

  it('returns exactly the headers S3 needs: dropping a signed header is visible in what was stored', async () => {
    const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
    const bytes = new TextEncoder().encode('{"a":1}');
    const presigned = await uploader.getPresignedUrl({
      action: 'upload',
      fileName: 'x.json',
      contentType: 'application/json',
      contentLength: bytes.length,
    });
    expect(new URL(presigned.presignedUrl).searchParams.get('X-Amz-SignedHeaders')).toBe(
      [...Object.keys(presigned.headers), 'host'].sort().join(';'),
    );
    await uploader.uploadToS3(presigned, bytes);
    const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: presigned.s3Key }));
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.ServerSideEncryption).toBe('aws:kms');
  });

  it('signs the requested lifetime into the URL', async () => {
    const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
    const presigned = await uploader.getPresignedUrl({
      action: 'upload',
      fileName: 'x.json',
      contentType: 'application/json',
      contentLength: 1,
      expiresIn: 120,
    });
    const url = new URL(presigned.presignedUrl);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
    const signedAt = url.searchParams.get('X-Amz-Date')!;
    const iso = `${signedAt.slice(0, 4)}-${signedAt.slice(4, 6)}-${signedAt.slice(6, 11)}:${signedAt.slice(11, 13)}:${signedAt.slice(13)}`;
    expect(Date.parse(presigned.expiresAt) - Date.parse(iso)).toBeGreaterThanOrEqual(119_000);
    expect(Date.parse(presigned.expiresAt) - Date.parse(iso)).toBeLessThanOrEqual(121_000);
  });

  it("keeps principals apart: bob cannot get a URL for alice's log", async () => {
    const alice = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
    const { s3Key } = await alice.upload(log);
    const bob = new ChatLogDownloader({ endpoint: stack.server.url, token: BOB_KEY });
    const error = await bob.download(s3Key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PresignRequestError);
    expect(error).toMatchObject({ status: 403, code: 'Forbidden' });
  });

  it('refuses invalid logs, oversize content and wrong types before sending anything', async () => {
    const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY, maxBytes: 10 });
    const before = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: stack.bucket }));
    const invalid = await uploader
      .upload({ ...log, messages: [{ role: 'robot', content: 'x', timestamp: 'now' }] } as unknown as ChatLog)
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ChatLogValidationError);
    expect((invalid as ChatLogValidationError).field).toBe('messages.0.role');
    const big = await uploader
      .robustUpload('x'.repeat(11), { fileName: 'a.txt', contentType: 'text/plain' })
      .catch((e: unknown) => e);
    expect(big).toMatchObject({ field: 'content' });
    const html = await uploader
      .robustUpload('<p>', { fileName: 'a.html', contentType: 'text/html' })
      .catch((e: unknown) => e);
    expect(html).toMatchObject({ field: 'contentType' });
    const after = await stack.s3.send(new ListObjectVersionsCommand({ Bucket: stack.bucket }));
    expect(after.Versions?.length ?? 0).toBe(before.Versions?.length ?? 0);
  });

  it('answers a wrong token with 401 and no retry storm', async () => {
    const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: 'wrong' });
    const error = await uploader.upload(log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PresignRequestError);
    expect(error).toMatchObject({ status: 401, code: 'Unauthorized' });
  });

  it('cannot write twice to one key: a replayed PUT is refused by If-None-Match', async () => {
    const uploader = new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY });
    const bytes = new TextEncoder().encode('{"replay":true}');
    const presigned = await uploader.getPresignedUrl({
      action: 'upload',
      fileName: 'replay.json',
      contentType: 'application/json',
      contentLength: bytes.length,
    });
    await uploader.uploadToS3(presigned, bytes);
    const replay = await uploader.uploadToS3(presigned, bytes).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(S3TransferError);
    expect((replay as S3TransferError).status).toBe(412);
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: presigned.s3Key }),
    );
    expect(versions.Versions).toHaveLength(1);
  });

  it('never logs a presigned URL, a signature or a key', () => {
    expect(stack.logs.lines.length).toBeGreaterThan(5);
    for (const line of stack.logs.lines) {
      expect(line).not.toMatch(/X-Amz-Signature|X-Amz-Credential|wJalr/);
      expect(line).not.toContain(ALICE_KEY);
    }
  });
});
