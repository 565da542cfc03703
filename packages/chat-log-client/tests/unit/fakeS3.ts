import { createHash } from 'node:crypto';

type Reply = Response | 'network-error' | 'hang';

/**
 * An in-memory stand-in for the presign endpoint and S3 behind the client's injectable `fetch`: it answers like
 * the handler (signed headers, unique keys) and S3 (If-None-Match, stored checksums), with scripted failures.
 */
export function fakeBackend() {
  const objects = new Map<
    string,
    { bytes: Uint8Array; sha256: string | undefined; metadata: Record<string, string> }
  >();
  const calls: { url: string; method: string; headers: Record<string, string>; body?: string }[] = [];
  const s3Script: Reply[] = [];
  const presignScript: Reply[] = [];
  let keys = 0;
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    init?.signal?.throwIfAborted();
    calls.push({ url, method, headers, ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
    const isPresign = url.startsWith('https://presign.example/');
    const scripted = (isPresign ? presignScript : s3Script).shift();
    if (scripted === 'network-error') throw new TypeError('fetch failed');
    if (scripted === 'hang') {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    }
    if (scripted instanceof Response && !isPresign) return scripted;
    if (isPresign) {
      if (scripted instanceof Response) return scripted;
      const body = JSON.parse(String(init?.body));
      const s3Key = body.action === 'upload' ? `chat-logs/alice/key-${++keys}_${body.fileName}` : body.s3Key;
      const signed: Record<string, string> =
        body.action === 'upload'
          ? {
              'content-type': body.contentType,
              'content-length': String(body.contentLength),
              'if-none-match': '*',
              'x-amz-checksum-sha256': body.checksumSha256,
              'x-amz-meta-sha256': body.checksumSha256,
              ...Object.fromEntries(
                Object.entries((body.metadata ?? {}) as Record<string, string>).map(([k, v]) => [
                  `x-amz-meta-${k}`,
                  v,
                ]),
              ),
            }
          : { 'x-amz-checksum-mode': 'ENABLED' };
      return Response.json({
        presignedUrl: `https://bucket.s3.example/${encodeURI(s3Key)}?X-Amz-Signature=abc`,
        s3Key,
        timestamp: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        method: body.action === 'upload' ? 'PUT' : 'GET',
        headers: signed,
      });
    }
    const key = decodeURI(new URL(url).pathname.slice(1));
    if (method === 'PUT') {
      if (objects.has(key))
        return new Response('<Error><Code>PreconditionFailed</Code></Error>', { status: 412 });
      const bytes = new Uint8Array(await new Response(init?.body as BodyInit).arrayBuffer());
      const metadata = Object.fromEntries(
        Object.entries(headers).filter(([name]) => name.startsWith('x-amz-meta-')),
      );
      objects.set(key, { bytes, sha256: headers['x-amz-checksum-sha256'], metadata });
      return new Response(null, { status: 200, headers: { etag: '"e"' } });
    }
    const object = objects.get(key);
    if (!object) return new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 });
    const responseHeaders: Record<string, string> = object.sha256
      ? { ...object.metadata, 'x-amz-meta-sha256': object.sha256, 'x-amz-checksum-sha256': object.sha256 }
      : object.metadata;
    const bytes = headers.range === 'bytes=0-0' ? object.bytes.slice(0, 1) : object.bytes;
    return new Response(bytes as BodyInit, { status: headers.range ? 206 : 200, headers: responseHeaders });
  };
  return { fetch: fetchImpl, objects, calls, s3Script, presignScript };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
export const s3Error = (status: number, code: string, message = '') =>
  new Response(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status,
    headers: { 'retry-after': '0' },
  });
