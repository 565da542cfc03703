import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { serveLocally } from '@mv/presign-handler/node';
import { type Fault, type FaultProxy, motoAvailable, seededRandom, startFaultProxy } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatLogDownloader, ChatLogUploader } from '../../src/index.js';
import { ALICE_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const SEED = Number(process.env.FAULT_SEED ?? 20261123);
const UPLOADS = 40;

describe.skipIf(!motoAvailable())('uploads through a proxy that resets connections and answers 503', () => {
  let stack: ChatLogStack;
  let s3Proxy: FaultProxy;
  let presignProxy: FaultProxy;
  let presignServerClose: () => Promise<void>;

  beforeAll(async () => {
    const random = seededRandom(SEED);
    const s3Faults = (): Fault => {
      const r = random();
      if (r < 0.1) return 'reset-before';
      if (r < 0.25) return 'reset-after';
      if (r < 0.35) return 'slow-down';
      if (r < 0.4) return 'expired';
      return 'pass';
    };
    stack = await startChatLogStack({
      s3Endpoint: async (moto) => {
        s3Proxy = await startFaultProxy({ target: moto, choose: s3Faults });
        return s3Proxy.endpoint;
      },
    });
    const server = await serveLocally({ handler: stack.handler });
    presignServerClose = server.close;
    presignProxy = await startFaultProxy({
      target: server.url,
      choose: () => {
        const r = random();
        return r < 0.1 ? 'reset-before' : r < 0.2 ? 'reset-after' : r < 0.3 ? 'slow-down' : 'pass';
      },
    });
  });
  afterAll(async () => {
    await presignProxy?.stop();
    await s3Proxy?.stop();
    await presignServerClose?.();
    await stack?.stop();
  });

  it(`lands each of ${UPLOADS} uploads exactly once with identical bytes (seed ${SEED})`, async () => {
    // Prepare
    const options = {
      endpoint: presignProxy.endpoint,
      token: ALICE_KEY,
      retry: { attempts: 12, baseDelayMs: 1, maxDelayMs: 20 },
    };
    const uploader = new ChatLogUploader(options);
    const downloader = new ChatLogDownloader(options);
    const payloads = Array.from({ length: UPLOADS }, (_, i) =>
      JSON.stringify({ n: i, text: `ログ ${i} `.repeat(200 + i) }),
    );

    // Act: four at a time
    const results: Awaited<ReturnType<ChatLogUploader['robustUpload']>>[] = [];
    for (let i = 0; i < payloads.length; i += 4) {
      results.push(
        ...(await Promise.all(
          payloads
            .slice(i, i + 4)
            .map((body, j) =>
              uploader.robustUpload(body, { fileName: `log-${i + j}.json`, contentType: 'application/json' }),
            ),
        )),
      );
    }

    // Assess: every fault kind happened, more than one attempt was needed somewhere
    for (const fault of ['reset-before', 'reset-after', 'slow-down', 'expired'] as const) {
      expect(s3Proxy.counts[fault]).toBeGreaterThan(0);
    }
    expect(presignProxy.counts['reset-after']).toBeGreaterThan(0);
    expect(results.some((r) => r.attempts > 1)).toBe(true);

    // Assess: exactly one object and one version per upload, nothing else under the prefix, identical bytes
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: stack.bucket, Prefix: 'chat-logs/alice/' }),
    );
    const keys = (versions.Versions ?? []).map((v) => v.Key).sort();
    expect(keys).toEqual(results.map((r) => r.s3Key).sort());
    expect(new Set(keys).size).toBe(UPLOADS);
    for (const [i, result] of results.entries()) {
      const stored = await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: result.s3Key }));
      expect(await stored.Body!.transformToString()).toBe(payloads[i]);
    }

    // Assess: downloads through the same faults come back verified
    for (const [i, result] of results.slice(0, 10).entries()) {
      const downloaded = await downloader.download(result.s3Key);
      expect(downloaded.verified).toBe(true);
      expect(downloaded.text()).toBe(payloads[i]);
    }
  });
});
