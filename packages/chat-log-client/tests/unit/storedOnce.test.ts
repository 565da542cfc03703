import { describe, expect, it } from 'vitest';
import { ChatLogUploader, S3TransferError } from '../../src/index.js';
import { fakeBackend, s3Error, sha256, storedText } from './fakeS3.js';

// The package's promise: one logical log is stored exactly once. A 412 (If-None-Match refused) or an object found
// at the key counts as "ours" only when an earlier attempt of this upload may have stored it AND, when checked by
// reading, its stored SHA-256 is the one this upload signed.

const endpoint = 'https://presign.example/';
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
const expired = () => s3Error(403, 'AccessDenied', 'Request has expired');

/** A fetch over the fake backend whose n-th PUT (1-based) gets `answers[n]` instead of reaching "S3". */
function withPutAnswers(
  backend: ReturnType<typeof fakeBackend>,
  answers: Record<number, () => Response | 'lost-answer'>,
): typeof fetch {
  let puts = 0;
  return async (input, init) => {
    if (init?.method !== 'PUT') return backend.fetch(input, init);
    puts += 1;
    const answer = answers[puts]?.();
    if (answer === undefined) return backend.fetch(input, init);
    if (answer === 'lost-answer') {
      // S3 stores the bytes, the answer never arrives.
      await backend.fetch(input, init);
      throw new TypeError('socket hang up');
    }
    return answer;
  };
}

const uploadKeys = (backend: ReturnType<typeof fakeBackend>) =>
  backend.calls
    .filter((c) => c.url === endpoint && JSON.parse(c.body ?? '{}').action === 'upload')
    .map((c) => JSON.parse(c.body ?? '{}').fileName);

describe('412 Precondition Failed counts as stored only after an attempt that may have stored it', () => {
  it('throws a 412 on the first PUT: what holds the key is not ours', async () => {
    // Prepare: another object already sits at the key the endpoint hands out.
    const backend = fakeBackend();
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });
    const keys: string[] = [];

    // Act
    const error = await uploader
      .robustUpload('x', {
        fileName: 'a.json',
        contentType: 'application/json',
        onPresigned: ({ s3Key }) => {
          keys.push(s3Key);
          backend.objects.set(s3Key, storedText('someone else'));
        },
      })
      .catch((e: unknown) => e);

    // Assess: refused, not reported as stored.
    expect(error).toBeInstanceOf(S3TransferError);
    expect(error).toMatchObject({ status: 412 });
    expect(keys).toHaveLength(1);
    expect(backend.objects.get(keys[0] ?? '')?.sha256).toBe(sha256('someone else'));
  });

  it('counts a 412 after a lost answer as stored, with one object', async () => {
    // Prepare
    const backend = fakeBackend();
    const fetchImpl = withPutAnswers(backend, { 1: () => 'lost-answer' });
    const uploader = new ChatLogUploader({ endpoint, fetch: fetchImpl, retry: fast });

    // Act
    const result = await uploader.robustUpload('x', { fileName: 'a.json', contentType: 'application/json' });

    // Assess
    expect(result).toMatchObject({ attempts: 2, sha256: sha256('x') });
    expect([...backend.objects.keys()]).toEqual([result.s3Key]);
  });
});

describe('an expired URL after an ambiguous attempt: the stored SHA-256 decides whether the object is ours', () => {
  it('reuses the key when the object there has our SHA-256 (the lost attempt landed)', async () => {
    // Prepare: the first PUT lands but its answer is lost; the retry finds the URL expired.
    const backend = fakeBackend();
    const fetchImpl = withPutAnswers(backend, { 1: () => 'lost-answer', 2: expired });
    const uploader = new ChatLogUploader({ endpoint, fetch: fetchImpl, retry: fast });
    const keys: string[] = [];

    // Act
    const result = await uploader.robustUpload('x', {
      fileName: 'a.json',
      contentType: 'application/json',
      onPresigned: ({ s3Key }) => void keys.push(s3Key),
    });

    // Assess: one object, no second upload URL asked for.
    expect(keys).toEqual([result.s3Key]);
    expect([...backend.objects.keys()]).toEqual([result.s3Key]);
    expect(uploadKeys(backend)).toHaveLength(1);
  });

  it('uploads afresh when the object at the key has another SHA-256', async () => {
    // Prepare: the first PUT fails with a 5xx (may have stored), then other bytes appear at the key and the
    // retry finds the URL expired.
    const backend = fakeBackend();
    const keys: string[] = [];
    const fetchImpl = withPutAnswers(backend, {
      1: () => {
        backend.objects.set(keys[0] ?? '', storedText('other'));
        return s3Error(503, 'SlowDown');
      },
      2: expired,
    });
    const uploader = new ChatLogUploader({ endpoint, fetch: fetchImpl, retry: fast });

    // Act
    const result = await uploader.robustUpload('x', {
      fileName: 'a.json',
      contentType: 'application/json',
      onPresigned: ({ s3Key }) => void keys.push(s3Key),
    });

    // Assess: a fresh key holds exactly our bytes; the other object is untouched.
    expect(keys).toHaveLength(2);
    expect(result.s3Key).toBe(keys[1]);
    expect(backend.objects.get(result.s3Key)?.sha256).toBe(sha256('x'));
    expect(backend.objects.get(keys[0] ?? '')?.sha256).toBe(sha256('other'));
  });

  it('uploads afresh when nothing is at the key (the ambiguous attempt did not land)', async () => {
    // Prepare
    const backend = fakeBackend();
    const fetchImpl = withPutAnswers(backend, { 1: () => s3Error(500, 'InternalError'), 2: expired });
    const uploader = new ChatLogUploader({ endpoint, fetch: fetchImpl, retry: fast });
    const keys: string[] = [];

    // Act
    const result = await uploader.robustUpload('x', {
      fileName: 'a.json',
      contentType: 'application/json',
      onPresigned: ({ s3Key }) => void keys.push(s3Key),
    });

    // Assess
    expect(keys).toHaveLength(2);
    expect(result.s3Key).toBe(keys[1]);
    expect([...backend.objects.keys()]).toEqual([result.s3Key]);
  });
});
