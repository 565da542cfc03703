import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ChatLogUploader } from '@mv/chat-log-client';
import { ChatLogSpool } from '@mv/chat-log-client/node';
import { motoAvailable, seededRandom } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_KEY } from '../support/events.js';
import { type ChatLogStack, startChatLogStack } from '../support/stack.js';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = 200;
const SEED = Number(process.env.SPOOL_SEED ?? 7);

function run(
  env: Record<string, string>,
  killAfterMs: number | undefined,
): Promise<'done' | 'killed' | 'failed'> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [join(here, '..', 'fixtures', 'spoolChild.mjs')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 && output.includes('done') ? 'done' : 'failed');
    });
  });
}

describe.skipIf(!motoAvailable())('ChatLogSpool under random kills', () => {
  let stack: ChatLogStack;
  let directory: string;
  beforeAll(async () => {
    stack = await startChatLogStack();
    directory = mkdtempSync(join(tmpdir(), 'mv-spool-'));
  });
  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await stack?.stop();
  });

  it(`uploads every one of ${COUNT} logs exactly once however often the process is killed (seed ${SEED})`, async () => {
    // Act: kill the producer/flusher at random points, restart it, until a run finishes on its own.
    const random = seededRandom(SEED);
    const env = { SPOOL_DIR: directory, ENDPOINT: stack.server.url, TOKEN: ALICE_KEY, COUNT: String(COUNT) };
    const outcomes: string[] = [];
    let last: string;
    do {
      // Kill at a random point between start-up and well into the flush; after 40 runs, let it finish.
      last = await run(env, outcomes.length < 40 ? 100 + Math.floor(random() * 600) : undefined);
      outcomes.push(last);
    } while (last !== 'done' && outcomes.length < 45);

    console.info(
      `spool kill test: ${outcomes.filter((o) => o === 'killed').length} kills in ${outcomes.length} runs`,
    );
    // Assess: it was killed several times mid-work, the last run finished, no log is left in the spool
    expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(4);
    expect(outcomes).not.toContain('failed');
    expect(last).toBe('done');
    // Only temp files of writes cut short by a kill may remain (removed once a minute old); no log is left.
    expect(readdirSync(directory).filter((name) => !/\.(tmp|lock|done)$/.test(name))).toEqual([]);

    // Assess: every log is in S3 exactly once (one key, one version) with its exact content
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: 'chat-logs/alice/' }),
    );
    const found = new Map<number, number>();
    for (const version of versions.Versions ?? []) {
      const object = await stack.s3.send(
        new GetObjectCommand({ Bucket: stack.bucket, Key: version.Key!, VersionId: version.VersionId! }),
      );
      const body = JSON.parse(await object.Body!.transformToString()) as { log: number; text: string };
      expect(body.text).toBe(`chat log ${body.log} `.repeat(50 + (body.log % 50)));
      found.set(body.log, (found.get(body.log) ?? 0) + 1);
    }
    expect([...found.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    expect([...found.values()].every((n) => n === 1)).toBe(true);
  });

  it('keeps logs while the endpoint is unreachable and backs off, then uploads them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-spool-offline-'));
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const offline = new ChatLogSpool({
      directory: dir,
      uploader: new ChatLogUploader({ endpoint: 'http://127.0.0.1:9/', retry: { attempts: 1 } }),
      now: () => clock,
    });
    const outcome = await offline.uploadOrSpool('{"offline":true}', {
      fileName: 'offline.json',
      contentType: 'application/json',
    });
    expect(outcome).toHaveProperty('spooled');
    const [entry] = await offline.list();
    expect(entry).toMatchObject({ attempts: 1, fileName: 'offline.json' });
    expect(entry!.lastError).toMatch(/ChatLogNetworkError/);
    expect(Date.parse(entry!.nextAttemptAt)).toBeGreaterThan(clock);
    expect(await offline.flush()).toMatchObject({ uploaded: [], failed: [], pending: 1 });

    clock += 3_600_000;
    const online = new ChatLogSpool({
      directory: dir,
      uploader: new ChatLogUploader({ endpoint: stack.server.url, token: ALICE_KEY }),
      now: () => clock,
    });
    const flushed = await online.flush();
    expect(flushed.uploaded).toHaveLength(1);
    expect(flushed.pending).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not spool what a retry cannot fix: a 401 is thrown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-spool-401-'));
    const spool = new ChatLogSpool({
      directory: dir,
      uploader: new ChatLogUploader({ endpoint: stack.server.url, token: 'wrong' }),
    });
    await expect(
      spool.uploadOrSpool('{}', { fileName: 'a.json', contentType: 'application/json' }),
    ).rejects.toMatchObject({ status: 401 });
    rmSync(dir, { recursive: true, force: true });
  });
});
