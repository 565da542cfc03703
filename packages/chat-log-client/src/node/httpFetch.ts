import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/**
 * A `fetch` for Node built on `node:http`, for large uploads: it writes a `Uint8Array` body straight to the
 * socket (the global fetch copies it first), so a multipart upload holds each part once. It does what the
 * chat-log client needs — method, headers, byte or string bodies, abort signals, streamed responses — and no
 * more (no redirects, no cookies, no compression negotiation).
 *
 * @example
 * import { nodeHttpFetch } from '@mv/chat-log-client/node';
 * const uploader = new ChatLogUploader({ endpoint, token, fetch: nodeHttpFetch });
 */
export const nodeHttpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body;
    let bytes: Uint8Array | undefined;
    if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
    else if (body instanceof Uint8Array) bytes = body;
    else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
    else if (body !== undefined && body !== null)
      return reject(new TypeError('nodeHttpFetch sends string or byte bodies'));
    if (bytes !== undefined && headers['content-length'] === undefined)
      headers['content-length'] = String(bytes.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method: init.method ?? 'GET', headers, signal }, (incoming) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
      }
      const status = incoming.statusCode ?? 502;
      const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
      if (nullBody) incoming.resume();
      resolve(
        new Response(nullBody ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), {
          status,
          statusText: incoming.statusMessage ?? '',
          headers: responseHeaders,
        }),
      );
    });
    outgoing.on('error', (error) =>
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })),
    );
    outgoing.end(bytes);
  });
