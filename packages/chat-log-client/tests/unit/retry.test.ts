import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ChatLogNetworkError,
  ChatLogUploader,
  ChatLogValidationError,
  S3TransferError,
} from '../../src/index.js';
import { ChatLogSpool } from '../../src/node.js';
import { backoffDelay, resolveRetry, withRetries } from '../../src/retry.js';
import { fakeBackend } from './fakeS3.js';

// One retry policy for the whole package: bounded attempts, full jitter, transient failures only.

const policy = resolveRetry({ attempts: 3, baseDelayMs: 1, maxDelayMs: 2 });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('withRetries', () => {
  it('tries a transient failure up to the bound, then throws the last error', async () => {
    // Prepare
    let calls = 0;
    const attempt = async () => {
      calls += 1;
      throw new ChatLogNetworkError(`try ${calls}`);
    };

    // Act
    const error = await withRetries(policy, attempt).catch((e: unknown) => e);

    // Assess
    expect(calls).toBe(3);
    expect(error).toMatchObject({ message: 'try 3' });
  });

  it('does not retry what another try would not fix (invalid input, 4xx)', async () => {
    // Prepare
    const failures = [
      new ChatLogValidationError('contentType', 'no'),
      new S3TransferError(400, 'BadDigest', ''),
    ];

    // Act
    const calls = await Promise.all(
      failures.map(async (failure) => {
        let count = 0;
        await withRetries(policy, async () => {
          count += 1;
          throw failure;
        }).catch(() => undefined);
        return count;
      }),
    );

    // Assess
    expect(calls).toEqual([1, 1]);
  });

  it('stops with the value onFailure settles on', async () => {
    // Act
    const value = await withRetries(
      policy,
      async () => {
        throw new S3TransferError(412, 'PreconditionFailed', '');
      },
      { onFailure: () => ({ settled: 'stored' }) },
    );

    // Assess
    expect(value).toBe('stored');
  });
});

describe('backoffDelay', () => {
  it('draws from the whole range [0, min(max, base * 2^(n-1))] (full jitter), at least Retry-After', () => {
    // Prepare
    const retry = resolveRetry({ attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 });
    vi.spyOn(Math, 'random').mockReturnValue(0);

    // Act
    const lowest = [backoffDelay(retry, 1), backoffDelay(retry, 3, 250), backoffDelay(retry, 9, 5000)];

    // Assess: nothing is added below the draw; Retry-After is a floor; the cap holds.
    expect(lowest).toEqual([0, 250, 1000]);
  });
});

describe('ChatLogSpool schedules with the same policy', () => {
  it('puts the next attempt of a transient failure at the full-jitter backoff', async () => {
    // Prepare: the endpoint does not answer; Math.random draws the middle of the range.
    const directory = mkdtempSync(join(tmpdir(), 'mv-spool-retry-'));
    const backend = fakeBackend();
    backend.presignScript.push('network-error');
    const now = Date.parse('2026-11-23T10:00:00Z');
    const spool = new ChatLogSpool({
      directory,
      uploader: new ChatLogUploader({
        endpoint: 'https://presign.example/',
        fetch: backend.fetch,
        retry: { attempts: 1 },
      }),
      retry: { baseDelayMs: 10_000, maxDelayMs: 60_000 },
      now: () => now,
    });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);

    try {
      // Act
      const outcome = await spool.uploadOrSpool('log', { fileName: 'a.txt', contentType: 'text/plain' });
      const [entry] = await spool.list();

      // Assess: half of the first ceiling (10 s), as backoffDelay draws it.
      expect(outcome).toHaveProperty('spooled');
      expect(Date.parse(entry?.nextAttemptAt ?? '') - now).toBe(5_000);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
