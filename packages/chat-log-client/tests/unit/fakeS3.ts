import { createHash } from 'node:crypto';
import {
  ANONYMOUS_PRINCIPAL,
  createHandler,
  hashApiKey,
  PresignEnvironmentSchema,
  StructuredLogger,
} from '@mv/presign-handler';
import { checkPresignedRequest } from './presignedRequestCheck.js';

type Reply = Response | 'network-error' | 'hang';

/** One object as the fake S3 holds it: the bytes, the SHA-256 checksum S3 stored, and the headers stored with it. */
export interface StoredS3Object {
  bytes: Uint8Array;
  sha256: string | undefined;
  /** `x-amz-meta-*` user metadata, plus `content-type` / `content-encoding` when the PUT set them. */
  metadata: Record<string, string>;
}

/** Options of {@link fakeBackend}. */
export interface FakeBackendOptions {
  /** `AUTH_MODE=api-key` with these principals and their bearer keys; without it, `AUTH_MODE=none`. */
  apiKeys?: Record<string, string>;
  /** The clock of both halves (the handler's signing date and S3's expiry check). Default: the real one. */
  now?: () => Date;
}

export const PRESIGN_ORIGIN = 'https://presign.example';
export const S3_ORIGIN = 'https://s3.fake.example';
export const BUCKET = 'chat-logs-unit';
/** Where the principal of `AUTH_MODE=none` may read and write. */
export const OWN_PREFIX = `chat-logs/${ANONYMOUS_PRINCIPAL}/`;
const CREDENTIALS = { accessKeyId: 'AKIDFAKEBACKEND', secretAccessKey: 'fake-backend-secret' };

export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
export const s3Error = (status: number, code: string, message = '') =>
  new Response(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status,
    headers: { 'retry-after': '0' },
  });

/** `text` as S3 holds it after a PUT through the handler: its checksum stored and kept as metadata too. */
export const storedText = (text: string): StoredS3Object => ({
  bytes: new TextEncoder().encode(text),
  sha256: sha256(text),
  metadata: { 'x-amz-meta-sha256': sha256(text) },
});

/** The real presign handler, configured only by what is given here (nothing of `process.env` leaks in). */
function realHandler(options: FakeBackendOptions) {
  const unset = Object.fromEntries(
    [...Object.keys(PresignEnvironmentSchema.shape), 'AWS_ENDPOINT_URL'].map((name) => [name, undefined]),
  );
  const apiKeys = Object.entries(options.apiKeys ?? {});
  return createHandler({
    env: {
      ...unset,
      S3_BUCKET_NAME: BUCKET,
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL_S3: S3_ORIGIN,
      ...(apiKeys.length > 0
        ? {
            AUTH_MODE: 'api-key',
            API_KEYS: apiKeys.map(([principal, key]) => `${principal}:${hashApiKey(key)}`).join(','),
          }
        : { AUTH_MODE: 'none' }),
    },
    credentials: CREDENTIALS,
    logger: new StructuredLogger({ level: 'SILENT' }),
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * The client's backend behind its injectable `fetch`: the REAL presign handler (`createHandler` of
 * `@mv/presign-handler`) on {@link PRESIGN_ORIGIN}, and an in-memory S3 on {@link S3_ORIGIN} that checks what S3
 * checks: the SigV4 query signature over the headers as sent, expiry, If-None-Match, the signed SHA-256 against the
 * body. Scripted replies (`presignScript`, `s3Script`) are answered first, in order; any other host is unreachable.
 *
 * @example
 * const backend = fakeBackend();
 * const { s3Key } = await new ChatLogUploader({ endpoint: `${PRESIGN_ORIGIN}/`, fetch: backend.fetch }).upload(log);
 * backend.objects.get(s3Key);
 */
export function fakeBackend(options: FakeBackendOptions = {}) {
  const now = options.now ?? (() => new Date());
  const handler = realHandler(options);
  const objects = new Map<string, StoredS3Object>();
  const calls: { url: string; method: string; headers: Record<string, string>; body?: string }[] = [];
  const s3Script: Reply[] = [];
  const presignScript: Reply[] = [];

  const s3 = async (url: URL, method: string, headers: Record<string, string>, body: BodyInit | null) => {
    const refusal = checkPresignedRequest({ url: url.href, method, headers }, CREDENTIALS, now());
    if (refusal) return s3Error(refusal.status, refusal.code, refusal.message);
    const [, bucket, ...path] = url.pathname.split('/');
    if (bucket !== BUCKET) return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const key = path.map(decodeURIComponent).join('/');
    if (method === 'PUT') {
      const bytes = new Uint8Array(await new Response(body).arrayBuffer());
      if (headers['content-length'] !== undefined && Number(headers['content-length']) !== bytes.length)
        return s3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified');
      const checksum = headers['x-amz-checksum-sha256'];
      if (checksum !== undefined && checksum !== createHash('sha256').update(bytes).digest('base64'))
        return s3Error(400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum');
      if (headers['if-none-match'] === '*' && objects.has(key))
        return s3Error(
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      const metadata = Object.fromEntries(
        Object.entries(headers).filter(
          ([name]) =>
            name.startsWith('x-amz-meta-') || name === 'content-type' || name === 'content-encoding',
        ),
      );
      objects.set(key, { bytes, sha256: checksum, metadata });
      return new Response(null, { status: 200, headers: { etag: '"e"' } });
    }
    const object = objects.get(key);
    if (!object) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    const checksumMode = headers['x-amz-checksum-mode'] === 'ENABLED' && object.sha256 !== undefined;
    const responseHeaders = {
      ...object.metadata,
      ...(checksumMode ? { 'x-amz-checksum-sha256': object.sha256 as string } : {}),
    };
    const bytes = headers.range === 'bytes=0-0' ? object.bytes.slice(0, 1) : object.bytes;
    return new Response(bytes as BodyInit, { status: headers.range ? 206 : 200, headers: responseHeaders });
  };

  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    init?.signal?.throwIfAborted();
    calls.push({
      url: String(input),
      method,
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    const script = { [PRESIGN_ORIGIN]: presignScript, [S3_ORIGIN]: s3Script }[url.origin];
    if (script === undefined) throw new TypeError(`fetch failed: ${url.host} is not reachable`);
    const scripted = script.shift();
    if (scripted === 'network-error') throw new TypeError('fetch failed');
    if (scripted === 'hang') {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    }
    if (scripted instanceof Response) return scripted;
    if (script === presignScript) return handler.handleRequest(new Request(url, init), {});
    return s3(url, method, headers, (init?.body ?? null) as BodyInit | null);
  };
  return { fetch: fetchImpl, objects, calls, s3Script, presignScript };
}
