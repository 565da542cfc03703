import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
} from '@aws-sdk/client-s3';
import { motoAvailable } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { ALICE_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const secret = 'ghp_8fK2mQ9xLr4TzV7wN1cY3bH6jD0sA5eP2uGi';

describe.skipIf(!motoAvailable())('mv-chat-log CLI against the handler and moto', () => {
  let stack: ChatLogStack;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    stack = await startChatLogStack();
    dir = mkdtempSync(join(tmpdir(), 'mv-cli-'));
    env = {
      LAMBDA_FUNCTION_URL: stack.server.url,
      CHAT_LOG_TOKEN: ALICE_KEY,
      MV_CHAT_LOG_SPOOL_DIR: join(dir, 'spool'),
    };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stack?.stop();
  });

  it('uploads with redaction on by default and gzip, and downloads the redacted original back', async () => {
    const file = join(dir, 'session.json');
    const original = JSON.stringify({
      messages: [{ role: 'user', content: `token ${secret} please`, timestamp: '2026-11-23T10:00:00Z' }],
    });
    writeFileSync(file, original);

    const up = await runCli(['upload', file, '--gzip', '--json'], env);

    expect(up.code).toBe(0);
    const result = JSON.parse(up.stdout.trim());
    expect(result).toMatchObject({
      status: 'uploaded',
      redaction: { total: 1, byKind: { 'github-token': 1 } },
    });
    expect(up.stdout).not.toContain(secret);
    const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
    expect(stored.ContentEncoding).toBe('gzip');

    const out = join(dir, 'back.json');
    const down = await runCli(['download', result.s3Key, '-o', out], env);
    expect(down.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(original.replace(secret, '[REDACTED:github-token]'));
  });

  it('spools when the endpoint is unreachable (exit 5) and uploads on "spool flush"', async () => {
    const file = join(dir, 'offline.md');
    writeFileSync(file, '# offline notes\n');
    const offline = await runCli(['upload', file, '--json'], {
      ...env,
      LAMBDA_FUNCTION_URL: 'http://127.0.0.1:9/',
    });
    expect(offline.code).toBe(5);
    expect(JSON.parse(offline.stdout.trim())).toMatchObject({ status: 'spooled' });

    const listed = await runCli(['spool', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout.trim())).toHaveLength(1);

    const flushed = await runCli(['spool', 'flush', '--json'], env);
    expect(flushed.code).toBe(0);
    expect(JSON.parse(flushed.stdout.trim())).toMatchObject({ failed: [], pending: 0 });
  });

  it.each([
    ['a refused token', ['upload', 'FILE'], { CHAT_LOG_TOKEN: 'wrong' }, 3],
    [
      'a content type the handler refuses',
      ['upload', 'FILE', '--content-type', 'image/png', '--no-spool'],
      {},
      6,
    ],
    ['no endpoint', ['upload', 'FILE'], { LAMBDA_FUNCTION_URL: '' }, 2],
    ['an unknown command', ['frobnicate'], {}, 2],
  ])('exits with a code scripts can rely on for %s', async (_, args, extra, code) => {
    const file = join(dir, 'x.txt');
    writeFileSync(file, 'hello');
    const run = await runCli(
      args.map((a) => (a === 'FILE' ? file : a)),
      { ...env, ...extra },
    );
    expect(run.code).toBe(code);
  });

  it('a refused token spools nothing, so the fixed rerun stores the log exactly once', async () => {
    // Prepare
    const spoolDir = join(dir, 'spool-401');
    const file = join(dir, 'refused-once.ndjson');
    writeFileSync(file, '{"role":"user","content":"hello"}\n');
    const local = { ...env, MV_CHAT_LOG_SPOOL_DIR: spoolDir };

    // Act
    const refused = await runCli(['upload', file], { ...local, CHAT_LOG_TOKEN: 'wrong' });
    const listed = await runCli(['spool', 'list', '--json'], { ...local, LAMBDA_FUNCTION_URL: '' });
    const flushed = await runCli(['spool', 'flush', '--json'], local);
    const fixed = await runCli(['upload', file], local);
    const flushedAgain = await runCli(['spool', 'flush', '--json'], local);

    // Assess
    expect([refused.code, listed.code, flushed.code, fixed.code, flushedAgain.code]).toEqual([3, 0, 0, 0, 0]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(JSON.parse(flushed.stdout)).toMatchObject({ uploaded: [], pending: 0 });
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: 'chat-logs/alice/' }),
    );
    const copies = (versions.Versions ?? []).filter((v) => v.Key?.endsWith('_refused-once.ndjson'));
    expect(copies).toHaveLength(1);
  });

  it('a content type the client refuses exits 6 with the reason and is not spooled', async () => {
    // Prepare
    const spoolDir = join(dir, 'spool-csv');
    const file = join(dir, 'table.csv');
    writeFileSync(file, 'a,b\n1,2\n');

    // Act
    const run = await runCli(['upload', file, '--content-type', 'text/csv'], {
      ...env,
      MV_CHAT_LOG_SPOOL_DIR: spoolDir,
    });
    const listed = await runCli(['spool', 'list', '--json'], {
      MV_CHAT_LOG_SPOOL_DIR: spoolDir,
      LAMBDA_FUNCTION_URL: '',
    });

    // Assess
    expect(run.code).toBe(6);
    expect(run.stderr + run.stdout).toMatch(/ChatLogValidationError: contentType must be one of/);
    expect(run.stdout + run.stderr).not.toMatch(/spooled/);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it("S3's NoSuchBucket exits 7 unspooled; a spooled log that meets it moves to the dead letters shown by spool list", async () => {
    // Prepare: a handler whose bucket does not exist, and a log spooled while offline.
    const missing = await startChatLogStack({ env: { S3_BUCKET_NAME: 'mv-chat-logs-no-such-bucket' } });
    const spoolDir = join(dir, 'spool-dead');
    const file = join(dir, 'nobucket.md');
    writeFileSync(file, '# notes\n');
    const local = { ...env, MV_CHAT_LOG_SPOOL_DIR: spoolDir, LAMBDA_FUNCTION_URL: missing.server.url };
    try {
      // Act
      const direct = await runCli(['upload', file], local);
      const offline = await runCli(['upload', file], {
        ...local,
        LAMBDA_FUNCTION_URL: 'http://127.0.0.1:9/',
      });
      const flushed = await runCli(['spool', 'flush'], local);
      const listed = await runCli(['spool', 'list', '--json'], {
        MV_CHAT_LOG_SPOOL_DIR: spoolDir,
        LAMBDA_FUNCTION_URL: '',
      });
      const human = await runCli(['spool', 'list'], {
        MV_CHAT_LOG_SPOOL_DIR: spoolDir,
        LAMBDA_FUNCTION_URL: '',
      });

      // Assess
      expect(direct.code).toBe(7);
      expect(direct.stderr + direct.stdout).toMatch(/404 NoSuchBucket/);
      expect(offline.code).toBe(5);
      expect(flushed.code).toBe(7);
      expect(flushed.stderr).toMatch(
        /moved to the dead letters: S3TransferError: S3 answered 404 NoSuchBucket/,
      );
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({
          fileName: 'nobucket.md',
          status: 'dead-letter',
          deadLetter: expect.objectContaining({
            kind: 'rejected',
            reason: expect.stringMatching(/NoSuchBucket/),
          }),
        }),
      ]);
      expect(human.stdout).toMatch(/nobucket\.md .*dead letter since .*NoSuchBucket/);
    } finally {
      await missing.stop();
    }
  });

  it("prints a multipart file's own SHA-256, and the composite checksum only labelled as such", async () => {
    // Prepare: 101 MiB, over the CLI's 100 MiB multipart threshold (21 parts of 5 MiB).
    const file = join(dir, 'large.txt');
    const line = Buffer.from('0123456789 chat log line for the multipart digest test\n');
    const content = Buffer.alloc(101 * 1024 * 1024);
    for (let at = 0; at < content.length; at += line.length) line.copy(content, at);
    writeFileSync(file, content);
    const fileSha256 = createHash('sha256').update(content).digest('base64');

    // Act
    const run = await runCli(['upload', file, '--no-redact'], env);

    // Assess
    expect(run.code).toBe(0);
    const printed = /sha256 (\S+), 21 parts, S3 composite checksum (\S+)\)/.exec(run.stdout);
    expect(printed?.[1]).toBe(fileSha256);
    expect(printed?.[2]).toMatch(/^[A-Za-z0-9+/]{43}=-21$/);
  });

  it('resumes a multipart upload killed with SIGKILL when the same command runs again, and aborts abandoned ones', async () => {
    // Prepare: 110 MiB (22 parts), one part at a time so the kill lands mid-upload.
    const spoolDir = join(dir, 'spool-resume');
    const local = { ...env, MV_CHAT_LOG_SPOOL_DIR: spoolDir };
    const file = join(dir, 'resume.ndjson');
    const content = Buffer.alloc(110 * 1024 * 1024);
    for (let at = 0; at < content.length; at += 4096) content.writeUInt32BE(at, at);
    writeFileSync(file, content);
    const args = ['upload', file, '--no-redact', '--concurrency', '1', '--json'];
    const inProgress = async () =>
      (await stack.s3.send(new ListMultipartUploadsCommand({ Bucket: stack.bucket }))).Uploads ?? [];
    const killAfterParts = async (minParts: number) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...local } });
      for (;;) {
        const [upload] = (await inProgress()).filter((u) => u.Key?.endsWith('_resume.ndjson'));
        const parts = upload
          ? ((
              await stack.s3.send(
                new ListPartsCommand({ Bucket: stack.bucket, Key: upload.Key, UploadId: upload.UploadId }),
              )
            ).Parts ?? [])
          : [];
        if (parts.length >= minParts) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
    };

    // Act: kill after 3 parts, rerun; then kill again, change the file, rerun.
    await killAfterParts(3);
    const leftBehind = await inProgress();
    const resumed = await runCli(args, local);
    await killAfterParts(2);
    writeFileSync(file, Buffer.concat([content, Buffer.from('one more line\n')]));
    const restarted = await runCli(args, local);

    // Assess
    expect(leftBehind).toHaveLength(1);
    expect(resumed.code).toBe(0);
    const first = JSON.parse(resumed.stdout);
    expect(first).toMatchObject({ status: 'uploaded', parts: 22, resumed: true, s3Key: leftBehind[0]!.Key });
    expect(first.attempts).toBeLessThanOrEqual(19);
    expect(first.sha256).toBe(createHash('sha256').update(content).digest('base64'));
    expect(restarted.code).toBe(0);
    expect(JSON.parse(restarted.stdout)).not.toHaveProperty('resumed');
    expect(await inProgress()).toEqual([]);
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: 'chat-logs/alice/' }),
    );
    expect((versions.Versions ?? []).filter((v) => v.Key?.endsWith('_resume.ndjson'))).toHaveLength(2);
  });

  it('--test does a round trip against the configured endpoint', async () => {
    const run = await runCli(['--test'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^round trip OK: chat-logs\/alice\//);
  });
});
