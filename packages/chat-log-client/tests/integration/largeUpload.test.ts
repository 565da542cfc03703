import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { type Fault, type FaultProxy, motoAvailable, seededRandom, startFaultProxy } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ALICE_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const GiB = 1024 ** 3;
const SIZE = Number(process.env.LARGE_UPLOAD_BYTES ?? GiB);

describe.skipIf(!motoAvailable())(
  `a ${SIZE / 2 ** 20} MiB upload through a faulty network, in bounded memory`,
  () => {
    let stack: ChatLogStack;
    let proxy: FaultProxy;
    let dir: string;
    let file: string;
    let sha256: string;
    beforeAll(async () => {
      const random = seededRandom(99);
      stack = await startChatLogStack({
        s3Endpoint: async (moto) => {
          proxy = await startFaultProxy({
            target: moto,
            // Only part uploads fail here (PUT with partNumber), so the whole fault budget lands on the data path.
            choose: (request): Fault => {
              if (request.method !== 'PUT' || !request.url?.includes('partNumber=')) return 'pass';
              const r = random();
              return r < 0.04 ? 'reset-before' : r < 0.08 ? 'reset-after' : r < 0.12 ? 'slow-down' : 'pass';
            },
          });
          return proxy.endpoint;
        },
      });
      dir = mkdtempSync(join(tmpdir(), 'mv-large-'));
      file = join(dir, 'huge-session.ndjson');
      // Text-like content written 4 MiB at a time; the hash is taken on the way.
      const hash = createHash('sha256');
      const fd = openSync(file, 'w');
      const block = Buffer.from(randomBytes(3 * 2 ** 20).toString('base64'));
      for (let written = 0; written < SIZE; ) {
        const chunk = block.subarray(0, Math.min(block.length, SIZE - written));
        chunk[0] = written % 251;
        writeSync(fd, chunk);
        hash.update(chunk);
        written += chunk.length;
      }
      closeSync(fd);
      sha256 = hash.digest('hex');
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await proxy?.stop();
      await stack?.stop();
    });

    it('lands whole, exactly once, with the CLI process staying small', async () => {
      // Act
      const run = await runCli(['upload', file, '--no-redact', '--json', '--concurrency', '4'], {
        LAMBDA_FUNCTION_URL: stack.server.url,
        CHAT_LOG_TOKEN: ALICE_KEY,
      });

      // Assess
      expect(run.stderr).toBe('');
      if (run.code !== 0) console.error(run.stdout);
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout.trim());
      expect(result).toMatchObject({
        status: 'uploaded',
        bytes: SIZE,
        parts: Math.ceil(SIZE / (5 * 2 ** 20)),
      });
      expect(
        proxy.counts['reset-after'] + proxy.counts['reset-before'] + proxy.counts['slow-down'],
      ).toBeGreaterThan(0);
      console.info(
        `large upload: ${SIZE} bytes in ${result.parts} parts, ${result.attempts} part PUTs, faults ${JSON.stringify(proxy.counts)}, ` +
          `peak RSS ${((run.peakRss ?? 0) / 2 ** 20).toFixed(1)} MiB`,
      );
      // Memory: a bound on bytes held, not on time — about 5 MiB x 4 in flight plus Node itself.
      expect(run.peakRss).toBeDefined();
      expect(run.peakRss!).toBeLessThan(160 * 2 ** 20);

      const head = await stack.s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
      expect(head.ContentLength).toBe(SIZE);
      const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
      const hash = createHash('sha256');
      for await (const chunk of stored.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
      expect(hash.digest('hex')).toBe(sha256);
      const open = await stack.s3.send(new ListMultipartUploadsCommand({ Bucket: stack.bucket }));
      expect(open.Uploads ?? []).toEqual([]);
    });
  },
);
