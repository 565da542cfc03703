import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ChatLog,
  ChatLogDownloader,
  ChatLogError,
  ChatLogNetworkError,
  ChatLogUploader,
  ChatLogValidationError,
  IntegrityError,
  PresignRequestError,
  S3TransferError,
} from '../../src/index.js';
import { fakeBackend, OWN_PREFIX, s3Error, sha256 } from './fakeS3.js';

const endpoint = 'https://presign.example/';
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
const log: ChatLog = {
  sessionId: 's-1',
  messages: [{ role: 'user', content: 'hi', timestamp: '2026-11-23T10:00:00Z' }],
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('ChatLogUploader', () => {
  it('signs the SHA-256 it computed and sends the signed headers verbatim, never the token, to S3', async () => {
    // Prepare: the handler knows this token as alice's API key.
    const backend = fakeBackend({
      apiKeys: { alice: 'secret-token' },
      now: () => new Date('2026-11-23T10:00:00.000Z'),
    });
    const uploader = new ChatLogUploader({
      endpoint,
      token: 'secret-token',
      fetch: backend.fetch,
      retry: fast,
    });

    // Act
    const result = await uploader.robustUpload('hello', { fileName: 'a.txt', contentType: 'text/plain' });

    // Assess: the key is the handler's, under the token's principal; S3 got exactly what the handler signed.
    expect(result).toMatchObject({ bytes: 5, sha256: sha256('hello'), attempts: 1, etag: '"e"' });
    expect(result.s3Key).toMatch(/^chat-logs\/alice\/2026-11-23T10:00:00\.000\d{6}Z_a\.txt$/);
    const [presign, put] = backend.calls;
    expect(presign?.headers.authorization).toBe('Bearer secret-token');
    expect(presign?.method).toBe('POST');
    expect(JSON.parse(presign?.body ?? '{}')).toEqual({
      action: 'upload',
      fileName: 'a.txt',
      contentType: 'text/plain',
      contentLength: 5,
      checksumSha256: sha256('hello'),
    });
    expect(put?.method).toBe('PUT');
    expect(put?.headers).toEqual({
      'content-type': 'text/plain',
      'content-length': '5',
      'if-none-match': '*',
      'x-amz-sdk-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': sha256('hello'),
      'x-amz-meta-sha256': sha256('hello'),
    });
  });

  it('retries 503 SlowDown and network errors on the same URL, so only one object exists', async () => {
    const backend = fakeBackend();
    backend.s3Script.push(s3Error(503, 'SlowDown'), 'network-error');
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });

    const result = await uploader.robustUpload('x', { fileName: 'a.json', contentType: 'application/json' });

    expect(result.attempts).toBe(3);
    expect([...backend.objects.keys()]).toEqual([result.s3Key]);
    expect(backend.calls.filter((c) => c.url.startsWith(endpoint))).toHaveLength(1);
  });

  it('treats 412 after a lost answer as success: the earlier attempt stored these bytes', async () => {
    const backend = fakeBackend();
    // First PUT reaches "S3" but the answer is lost.
    const original = backend.fetch;
    let first = true;
    const lossy: typeof fetch = async (input, init) => {
      const response = await original(input, init);
      if (first && init?.method === 'PUT') {
        first = false;
        throw new TypeError('socket hang up');
      }
      return response;
    };
    const lossyUploader = new ChatLogUploader({ endpoint, fetch: lossy, retry: fast });

    const result = await lossyUploader.robustUpload('x', {
      fileName: 'a.json',
      contentType: 'application/json',
    });

    expect(result.attempts).toBe(2);
    expect(backend.objects.size).toBe(1);
    expect(backend.objects.get(result.s3Key)?.sha256).toBe(sha256('x'));
  });

  it('gets a fresh URL when S3 says the URL expired, without leaving an object behind', async () => {
    // Prepare: the first URL is an hour and a second old when its PUT reaches S3, past the handler's 3600 s.
    let clock = Date.parse('2026-11-23T10:00:00Z');
    const backend = fakeBackend({ now: () => new Date(clock) });
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });
    const saved: string[] = [];

    // Act
    const result = await uploader.robustUpload('x', {
      fileName: 'a.json',
      contentType: 'application/json',
      onPresigned: (presigned) => {
        if (saved.length === 0) clock += 3601_000;
        saved.push(presigned.s3Key);
      },
    });

    // Assess
    expect([...backend.objects.keys()]).toEqual([result.s3Key]);
    // A spool must learn of every URL before its PUT, the fresh one (a new key) included.
    expect(saved).toEqual([expect.stringMatching(/^chat-logs\/anonymous\/.+Z_a\.json$/), result.s3Key]);
    expect(saved[0]).not.toBe(result.s3Key);
  });

  it('does not retry other 4xx answers', async () => {
    const backend = fakeBackend();
    backend.s3Script.push(
      s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match'),
    );
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });

    const error = await uploader
      .robustUpload('x', { fileName: 'a.json', contentType: 'application/json' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(S3TransferError);
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(backend.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(String(error.message)).not.toContain('X-Amz-Signature');
  });

  it('retries the presign call on 5xx and asks the token provider each time', async () => {
    const backend = fakeBackend();
    backend.presignScript.push(
      Response.json({ error: { code: 'InternalError', message: 'x', requestId: 'r' } }, { status: 500 }),
    );
    const token = vi.fn(async () => 'fresh');
    const uploader = new ChatLogUploader({ endpoint, token, fetch: backend.fetch, retry: fast });

    await uploader.upload(log);

    expect(token).toHaveBeenCalledTimes(2);
  });

  it('surfaces the handler’s typed error, field included, without retrying a 400', async () => {
    const backend = fakeBackend();
    backend.presignScript.push(
      Response.json(
        {
          error: {
            code: 'BadRequest',
            message: 'fileName has no usable characters',
            requestId: 'r-7',
            field: 'fileName',
          },
        },
        { status: 400 },
      ),
    );
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });

    const error = await uploader
      .robustUpload('x', { fileName: '..', contentType: 'text/plain' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(PresignRequestError);
    expect(error).toMatchObject({ status: 400, code: 'BadRequest', field: 'fileName', requestId: 'r-7' });
    expect(backend.calls).toHaveLength(1);
  });

  it('times out a request that never answers', async () => {
    const backend = fakeBackend();
    backend.presignScript.push('hang');
    const uploader = new ChatLogUploader({
      endpoint,
      fetch: backend.fetch,
      timeoutMs: 50,
      retry: { attempts: 1 },
    });

    const error = await uploader.upload(log).catch((e) => e);

    expect(error).toBeInstanceOf(ChatLogNetworkError);
    expect(error.message).toContain('no answer within 50 ms');
  });

  it('stops when the caller aborts', async () => {
    const backend = fakeBackend();
    backend.presignScript.push('hang');
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch });
    const controller = new AbortController();
    const pending = uploader.upload(log, { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });

  it('validates a typed log and names the field', async () => {
    const uploader = new ChatLogUploader({ endpoint, fetch: fakeBackend().fetch });
    const error = await uploader
      .upload({ sessionId: '', messages: [] } as unknown as ChatLog)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ChatLogValidationError);
    expect(error.field).toBe('sessionId');
  });

  it('takes the endpoint from LAMBDA_FUNCTION_URL and says so when it is missing', () => {
    vi.stubEnv('LAMBDA_FUNCTION_URL', '');
    expect(() => new ChatLogUploader()).toThrow(ChatLogError);
    expect(() => new ChatLogUploader()).toThrow(/LAMBDA_FUNCTION_URL/);
    vi.stubEnv('LAMBDA_FUNCTION_URL', 'https://abc.lambda-url.ap-northeast-1.on.aws/');
    expect(() => new ChatLogUploader()).not.toThrow();
  });
});

describe('ChatLogDownloader', () => {
  it('verifies bytes against the stored SHA-256 and retries a corrupted transfer', async () => {
    const backend = fakeBackend();
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, retry: fast });
    const { s3Key } = await uploader.upload(log);
    backend.s3Script.push(
      new Response('{"tampered":true}', {
        headers: { 'x-amz-checksum-sha256': sha256(JSON.stringify(log)) },
      }),
    );
    const downloader = new ChatLogDownloader({ endpoint, fetch: backend.fetch, retry: fast });

    const result = await downloader.downloadLog(s3Key);

    expect(result).toEqual(log);
  });

  it('reports IntegrityError when every transfer is corrupted', async () => {
    const backend = fakeBackend();
    const { s3Key } = await new ChatLogUploader({ endpoint, fetch: backend.fetch }).upload(log);
    const bad = () => new Response('x', { headers: { 'x-amz-checksum-sha256': sha256('y') } });
    backend.s3Script.push(bad(), bad());
    const downloader = new ChatLogDownloader({
      endpoint,
      fetch: backend.fetch,
      retry: { attempts: 2, baseDelayMs: 1 },
    });

    await expect(downloader.download(s3Key)).rejects.toBeInstanceOf(IntegrityError);
  });

  it('refuses an object with no stored checksum unless told to accept it', async () => {
    const backend = fakeBackend();
    backend.objects.set(`${OWN_PREFIX}legacy.json`, {
      bytes: new TextEncoder().encode('{}'),
      sha256: undefined,
      metadata: {},
    });
    await expect(
      new ChatLogDownloader({ endpoint, fetch: backend.fetch }).download(`${OWN_PREFIX}legacy.json`),
    ).rejects.toThrow(/no stored SHA-256/);
    const lenient = new ChatLogDownloader({ endpoint, fetch: backend.fetch, requireChecksum: false });
    const result = await lenient.download(`${OWN_PREFIX}legacy.json`);
    expect(result).toMatchObject({ verified: false });
    expect(result.text()).toBe('{}');
  });
});
