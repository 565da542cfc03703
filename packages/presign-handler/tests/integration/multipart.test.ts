import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import {
  ChatLogDownloader,
  ChatLogUploader,
  MultipartUploadError,
  type UploadProgress,
  type UploadSource,
} from '@mv/chat-log-client';
import { fileSource } from '@mv/chat-log-client/node';
import { motoAvailable } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_KEY } from '../support/events.js';
import { type ChatLogStack, startChatLogStack } from '../support/stack.js';

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
