import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatLogUploader,
  ChatLogValidationError,
  PresignRequestError,
  S3TransferError,
} from '../../src/index.js';
import { ChatLogSpool } from '../../src/node.js';
import { fakeBackend, s3Error } from './fakeS3.js';

const endpoint = 'https://presign.example/';
const fast = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };
const log = { fileName: 'a.txt', contentType: 'text/plain' };
const unauthorized = () =>
  Response.json({ error: { code: 'Unauthorized', message: 'bad token', requestId: 'r' } }, { status: 401 });

describe('ChatLogSpool keeps only what a retry can fix', () => {
  let directory: string;
  let backend: ReturnType<typeof fakeBackend>;
  let spool: ChatLogSpool;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'mv-spool-fail-'));
    backend = fakeBackend();
    spool = new ChatLogSpool({
      directory,
      uploader: new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast }),
    });
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('a refused token is thrown and nothing stays behind, so the same log is later stored once', async () => {
    // Prepare
    backend.presignScript.push(unauthorized());

    // Act
    const refused = await spool.uploadOrSpool('log one', log).catch((e) => e);
    const afterRefusal = { pending: await spool.list(), dead: await spool.deadLetters() };
    const flushed = await spool.flush({ force: true });
    const again = await spool.uploadOrSpool('log one', log);

    // Assess
    expect(refused).toBeInstanceOf(PresignRequestError);
    expect(refused).toMatchObject({ status: 401 });
    expect(afterRefusal).toEqual({ pending: [], dead: [] });
    expect(flushed.uploaded).toEqual([]);
    expect(again).toHaveProperty('uploaded');
    expect(backend.objects.size).toBe(1);
  });

  it.each([
    ['client validation (a content type the uploader refuses)', () => {}, ChatLogValidationError, 'text/csv'],
    [
      "S3's 404 NoSuchBucket",
      (b: ReturnType<typeof fakeBackend>) => b.s3Script.push(s3Error(404, 'NoSuchBucket')),
      S3TransferError,
      'text/plain',
    ],
  ])('%s is thrown with its own class and not spooled', async (_, script, errorClass, contentType) => {
    // Prepare
    script(backend);

    // Act
    const error = await spool.uploadOrSpool('x', { fileName: 'a.csv', contentType }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(await spool.list()).toEqual([]);
    expect(await spool.deadLetters()).toEqual([]);
  });

  it('a log spooled by an earlier call that turns permanent goes to the dead letters, not away', async () => {
    // Prepare
    await spool.add('x', { ...log, id: 'same' });
    backend.s3Script.push(s3Error(404, 'NoSuchBucket'));

    // Act
    const error = await spool.uploadOrSpool('x', { ...log, id: 'same' }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(S3TransferError);
    expect(await spool.list()).toEqual([]);
    expect(await spool.deadLetters()).toEqual([
      expect.objectContaining({ id: 'same', deadLetter: expect.objectContaining({ kind: 'rejected' }) }),
    ]);
  });

  it('a network failure is spooled, with its reason', async () => {
    // Prepare
    backend.presignScript.push('network-error', 'network-error');

    // Act
    const outcome = await spool.uploadOrSpool('x', log);

    // Assess
    expect(outcome).toMatchObject({
      spooled: expect.any(String),
      reason: expect.stringMatching(/ChatLogNetworkError/),
    });
    expect(await spool.list()).toHaveLength(1);
  });

  it('a spooled log that turns permanent moves to the dead letters with its reason, and is not retried', async () => {
    // Prepare
    await spool.add('x', log);
    backend.s3Script.push(s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist'));

    // Act
    const first = await spool.flush({ force: true });
    const callsAfterFirst = backend.calls.length;
    const second = await spool.flush({ force: true });

    // Assess
    expect(first).toMatchObject({ uploaded: [], failed: [], pending: 0 });
    expect(first.deadLettered).toEqual([
      { id: expect.any(String), kind: 'rejected', reason: expect.stringMatching(/404 NoSuchBucket/) },
    ]);
    expect(second).toEqual({ uploaded: [], failed: [], deadLettered: [], pending: 0 });
    expect(backend.calls.length).toBe(callsAfterFirst);
    // Listed without an uploader (no endpoint needed).
    const dead = await new ChatLogSpool({ directory }).deadLetters();
    expect(dead).toEqual([
      expect.objectContaining({
        fileName: 'a.txt',
        deadLetter: expect.objectContaining({
          kind: 'rejected',
          reason: expect.stringMatching(/NoSuchBucket/),
        }),
      }),
    ]);
    expect(dead[0]).not.toHaveProperty('presigned');
  });

  it('a refused token during a flush keeps every log and stops asking', async () => {
    // Prepare
    await spool.add('one', { ...log, id: 'one' });
    await spool.add('two', { ...log, id: 'two' });
    backend.presignScript.push(unauthorized());

    // Act
    const result = await spool.flush({ force: true });

    // Assess
    expect(result).toMatchObject({ uploaded: [], deadLettered: [], pending: 2 });
    expect(result.failed).toEqual([{ id: 'one', kind: 'refused', error: expect.stringMatching(/401/) }]);
    expect(backend.calls).toHaveLength(1);
  });
});
