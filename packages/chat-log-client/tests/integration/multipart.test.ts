import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
} from '@aws-sdk/client-s3';
import { motoAvailable } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresignPartsResponse, PresignResponse } from '../../src/contract.js';
import {
  ChatLogDownloader,
  ChatLogUploader,
  MultipartUploadError,
  type UploadProgress,
  type UploadSource,
} from '../../src/index.js';
import { fileSource } from '../../src/node.js';
import { ALICE_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const MiB = 1024 * 1024;

describe.skipIf(!motoAvailable())('multipart uploads through the handler against moto S3 + KMS', () => {
  let stack: ChatLogStack;
  let dir: string;
  let file: string;
  let content: Buffer;
  let uploader: ChatLogUploader;
  beforeAll(async () => {
    stack = await startChatLogStack();
    dir = mkdtempSync(join(tmpdir(), 'mv-multipart-'));
    file = join(dir, 'session.ndjson');
    content = randomBytes(23 * MiB);
    writeFileSync(file, content);
    uploader = new ChatLogUploader({
      endpoint: stack.server.url,
      token: ALICE_KEY,
      multipartThreshold: 10 * MiB,
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stack?.stop();
  });

  it('streams a file in signed parts, reports progress, and stores a composite SHA-256 the downloader verifies', async () => {
    // Prepare
    const source = await fileSource(file);
    const progress: UploadProgress[] = [];

    // Act
    const result = await uploader
      .uploadSource(source, {
        fileName: 'session.ndjson',
        contentType: 'application/x-ndjson',
        partSize: 5 * MiB,
        concurrency: 3,
        onProgress: (p) => progress.push(p),
      })
      .finally(() => source.close());

    // Assess
    expect(result).toMatchObject({ bytes: content.length, parts: 5, attempts: 5 });
    expect(progress.map((p) => p.loaded)).toEqual([...progress.map((p) => p.loaded)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ loaded: content.length, total: content.length });
    expect(new Set(progress.map((p) => p.part))).toEqual(new Set([1, 2, 3, 4, 5]));
    const head = await stack.s3.send(
      new HeadObjectCommand({ Bucket: stack.bucket, Key: result.s3Key, ChecksumMode: 'ENABLED' }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.ContentLength).toBe(content.length);
    expect(head.Metadata?.['mv-part-size']).toBe(String(5 * MiB));
    // S3 answers "<base64>-<parts>" for a composite checksum; moto leaves out the suffix but computes the same digest.
    expect(head.ChecksumSHA256?.split('-')[0]).toBe(result.sha256.split('-')[0]);
    expect(result.sha256.endsWith('-5')).toBe(true);
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
    const bytes = Buffer.from(await stored.Body!.transformToByteArray());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
    const downloaded = await new ChatLogDownloader({ endpoint: stack.server.url, token: ALICE_KEY }).download(
      result.s3Key,
    );
    expect(downloaded.verified).toBe(true);
    expect(Buffer.from(downloaded.bytes).equals(content)).toBe(true);
  });

  it('aborting deletes the parts: no object, no open upload', async () => {
    const controller = new AbortController();
    const source = await fileSource(file);
    const error = await uploader
      .uploadSource(source, {
        fileName: 'aborted.ndjson',
        contentType: 'application/x-ndjson',
        partSize: 5 * MiB,
        concurrency: 1,
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('user cancelled')),
      })
      .catch((e: unknown) => e)
      .finally(() => source.close());
    expect((error as Error).message).toBe('user cancelled');
    const open = await stack.s3.send(
      new ListMultipartUploadsCommand({ Bucket: stack.bucket, Prefix: 'chat-logs/alice/' }),
    );
    expect((open.Uploads ?? []).filter((u) => u.Key?.endsWith('aborted.ndjson'))).toEqual([]);
    const objects = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: 'chat-logs/alice/' }),
    );
    expect((objects.Versions ?? []).filter((v) => v.Key?.endsWith('aborted.ndjson'))).toEqual([]);
  });

  it('resumes after a crash: only the missing parts are sent, and the object is whole', async () => {
    // Prepare: a source that "crashes" when part 4 is read, as a killed process would stop mid-upload.
    const real = await fileSource(file);
    let state: { s3Key: string; uploadId: string } | undefined;
    const crashing: UploadSource = {
      size: real.size,
      read: async (start, end) => {
        if (start >= 15 * MiB) throw new Error('process killed');
        return real.read(start, end);
      },
    };
    const crash = await uploader
      .uploadSource(crashing, {
        fileName: 'resumed.ndjson',
        contentType: 'application/x-ndjson',
        partSize: 5 * MiB,
        concurrency: 1,
        onStarted: (s) => {
          state = s;
        },
      })
      .catch((e: unknown) => e);
    expect(crash).toBeInstanceOf(MultipartUploadError);
    expect(state).toMatchObject({
      s3Key: (crash as MultipartUploadError).s3Key,
      uploadId: (crash as MultipartUploadError).uploadId,
    });

    // Act: a fresh uploader (a restarted process) continues from the saved state.
    const restarted = new ChatLogUploader({
      endpoint: stack.server.url,
      token: ALICE_KEY,
      multipartThreshold: 10 * MiB,
    });
    const result = await restarted
      .uploadSource(real, {
        fileName: 'resumed.ndjson',
        contentType: 'application/x-ndjson',
        partSize: 5 * MiB,
        resume: state!,
      })
      .finally(() => real.close());

    // Assess
    expect(result.s3Key).toBe(state!.s3Key);
    expect(result.attempts).toBe(2);
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(content)).toBe(true);

    // Act again: resuming an upload that already completed (crash after complete) is a success, not a second object.
    const again = await restarted.uploadSource(await fileSource(file), {
      fileName: 'resumed.ndjson',
      contentType: 'application/x-ndjson',
      partSize: 5 * MiB,
      resume: state!,
    });
    expect(again).toMatchObject({ s3Key: state!.s3Key, attempts: 0, sha256: result.sha256 });
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: state!.s3Key }),
    );
    expect(versions.Versions).toHaveLength(1);
  });
});

describe.skipIf(!motoAvailable())('multipart size limits that hold (issue 11 item 4), against moto', () => {
  let stack: ChatLogStack;
  beforeAll(async () => {
    stack = await startChatLogStack({
      env: { MAX_UPLOAD_BYTES: String(MiB), MAX_MULTIPART_BYTES: String(6 * MiB) },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const presign = async (body: object) => {
    const response = await fetch(stack.server.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const checksumOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

  it('an upload announced as 1 byte gets no 5 GiB part signed and cannot complete with 18 MiB', async () => {
    // Prepare: the single-PUT limit holds; then a multipart upload that announces 1 byte.
    const single = await presign({
      action: 'upload',
      fileName: 'big.ndjson',
      contentType: 'application/x-ndjson',
      contentLength: 20 * MiB,
    });
    const created = await presign({
      action: 'multipart-create',
      fileName: 'tiny.ndjson',
      contentType: 'application/x-ndjson',
      contentLength: 1,
      partSize: 5 * MiB,
    });
    const create = PresignResponse.parse(created.body);
    const createXml = await (
      await fetch(create.presignedUrl, { method: create.method, headers: create.headers })
    ).text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(createXml)![1]!;
    const upload = { s3Key: create.s3Key, uploadId, uploadPlan: create.uploadPlan };
    const big = randomBytes(18 * MiB);
    const oneByte = big.subarray(0, 1);

    // Act
    const huge = await presign({
      action: 'multipart-sign-parts',
      ...upload,
      parts: [{ partNumber: 1, contentLength: 5 * 1024 ** 3, checksumSha256: checksumOf(big) }],
    });
    const second = await presign({
      action: 'multipart-sign-parts',
      ...upload,
      parts: [{ partNumber: 2, contentLength: 5 * MiB, checksumSha256: checksumOf(big) }],
    });
    const planned = await presign({
      action: 'multipart-sign-parts',
      ...upload,
      parts: [{ partNumber: 1, contentLength: 1, checksumSha256: checksumOf(oneByte) }],
    });
    const part = PresignPartsResponse.parse(planned.body).parts[0]!;
    // The attacker sends 18 MiB on the URL signed for 1 byte. S3 refuses it (Content-Length is a signed header);
    // moto does not check presigned signatures and stores it, which is what the handler's own check must catch.
    const { 'content-length': signedLength, ...otherHeaders } = part.headers;
    await fetch(part.presignedUrl, {
      method: 'PUT',
      headers: { ...otherHeaders, 'x-amz-checksum-sha256': checksumOf(big) },
      body: big,
    });
    const storedParts = await stack.s3.send(
      new ListPartsCommand({ Bucket: stack.bucket, Key: upload.s3Key, UploadId: uploadId }),
    );
    const complete = await presign({ action: 'multipart-complete', ...upload });

    // Assess
    expect(single.status).toBe(413);
    expect(created.status).toBe(200);
    expect(huge.status).toBe(400);
    expect(second.status).toBe(400);
    expect(signedLength).toBe('1');
    expect(new URL(part.presignedUrl).searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
    expect(storedParts.Parts?.[0]?.Size).toBe(18 * MiB);
    expect(complete.status).toBe(413);
    expect(complete.body.error.message).toMatch(/part 1 holds 18874368 bytes, more than the 1 planned/);
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: upload.s3Key }),
    );
    expect(versions.Versions ?? []).toEqual([]);
  });

  it('an upload that keeps to its plan completes through the client, signed with its total size', async () => {
    // Prepare
    const content = randomBytes(6 * MiB);
    const uploader = new ChatLogUploader({
      endpoint: stack.server.url,
      token: ALICE_KEY,
      multipartThreshold: MiB,
    });
    const source: UploadSource = {
      size: content.length,
      read: async (start, end) => content.subarray(start, end),
    };

    // Act
    const result = await uploader.uploadSource(source, {
      fileName: 'planned.ndjson',
      contentType: 'application/x-ndjson',
      partSize: 5 * MiB,
    });

    // Assess
    expect(result).toMatchObject({ bytes: 6 * MiB, parts: 2 });
    const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
    expect(head.ContentLength).toBe(6 * MiB);
  });
});
