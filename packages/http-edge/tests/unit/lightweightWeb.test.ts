import { describe, expect, it } from 'vitest';
import { BufferedRequest, BufferedResponse } from '../../src/BufferedRequest.ts';
import { errorResponse, json, StructuredLogger } from '../../src/index.ts';
import { eventToRequest, responseToResult } from '../../src/lambdaEvents.ts';
import { RecordHeaders } from '../../src/RecordHeaders.ts';

const event = (headers: Record<string, string>, extra: object = {}) => ({
  version: '2.0',
  rawPath: '/a b/ü',
  rawQueryString: 'q=1',
  headers,
  body: '{"x":1}',
  requestContext: { domainName: 'abc.lambda-url.ap-northeast-1.on.aws', http: { method: 'post' } },
  ...extra,
});

describe('the lightweight Request, Response and Headers of the Lambda path', () => {
  it('answer as the undici objects would, for their own members and the delegated ones', async () => {
    // Prepare
    const { request } = eventToRequest(
      event({ 'X-Trace': '  a  ', accept: 'text/plain', 'content-type': 'application/json' }),
    );
    const undici = new Request('https://abc.lambda-url.ap-northeast-1.on.aws/a b/ü?q=1', {
      method: 'POST',
      headers: { 'X-Trace': '  a  ', accept: 'text/plain', 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    // Act
    const delegated = { signal: request.signal, cache: request.cache, mode: request.mode };
    // Assess
    expect(request).toBeInstanceOf(Request);
    expect(request.headers).toBeInstanceOf(Headers);
    expect(request.method).toBe(undici.method);
    expect(request.url).toBe(undici.url);
    expect(request.headers.get('x-trace')).toBe(undici.headers.get('x-trace'));
    expect(request.headers.has('ACCEPT')).toBe(true);
    expect(request.headers.get('origin')).toBeNull();
    expect([...request.headers]).toEqual([...undici.headers]);
    expect(delegated.signal).toBeInstanceOf(AbortSignal);
    expect(delegated).toEqual({ signal: delegated.signal, cache: undici.cache, mode: undici.mode });
    expect(Object.prototype.toString.call(request)).toBe('[object Request]');
    expect(await request.json()).toEqual({ x: 1 });
  });

  it('combine repeated headers as Headers does and read changed headers afterwards', () => {
    // Prepare
    const headers = new RecordHeaders([
      ['Accept', 'a'],
      ['accept', 'b'],
    ]);
    // Act
    const before = headers.get('accept');
    headers.set('accept', 'c');
    // Assess
    expect(before).toBe('a, b');
    expect(headers.get('Accept')).toBe('c');
    expect([...headers.keys()]).toEqual(['accept']);
  });

  it('trim header values as Headers does before checking them', () => {
    // Prepare
    const values = ['\n', '\r\n x \t', ' a b '];
    // Act
    const ours = values.map((v) => new RecordHeaders([['x', v]]).get('x'));
    // Assess
    expect(ours).toEqual(values.map((v) => new Headers([['x', v]]).get('x')));
  });

  it('refuse a header value Headers would refuse with a 400 when it is read, never a crash', () => {
    // Prepare
    const { request } = eventToRequest(event({ 'x-name': 'caf\u20ac', 'bad name': 'x', accept: 'a' }));
    // Act / Assess
    expect(request.headers.get('accept')).toBe('a');
    expect(() => request.headers.get('x-name')).toThrow(expect.objectContaining({ statusCode: 400 }));
    expect(() => [...request.headers]).toThrow(expect.objectContaining({ statusCode: 400 }));
  });

  it('check a URL with a host from a header at once', () => {
    // Act
    const act = () =>
      eventToRequest({
        rawPath: '/',
        headers: { host: 'bad host' },
        requestContext: { http: { method: 'GET' } },
      });
    // Assess
    expect(act).toThrow(expect.objectContaining({ statusCode: 400 }));
  });

  it('put a header change made after json() into the Lambda result', async () => {
    // Prepare
    const response = json(401, { error: 'x' }, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
    // Act
    const untouched = await responseToResult(response);
    response.headers.delete('www-authenticate');
    response.headers.append('set-cookie', 'a=1');
    const changed = await responseToResult(response);
    // Assess
    expect(response).toBeInstanceOf(Response);
    expect(untouched.headers['www-authenticate']).toBe('Bearer');
    expect(changed.headers['www-authenticate']).toBeUndefined();
    expect(changed.headers['cache-control']).toBe('no-store');
    expect(changed.cookies).toEqual(['a=1']);
  });

  it('give the same Lambda result for an error answer as a plain undici Response would', async () => {
    // Prepare
    const ours = errorResponse(new Error('boom'), {
      requestId: 'r-1',
      logger: new StructuredLogger({ level: 'SILENT' }),
    });
    const plain = new Response(await ours.clone().text(), { status: ours.status, headers: ours.headers });
    // Act
    const [a, b] = await Promise.all([responseToResult(ours), responseToResult(plain)]);
    // Assess
    expect(a).toEqual(b);
    expect(a.statusCode).toBe(500);
  });

  it('build a real Request or Response only when asked for a member they do not hold', async () => {
    // Prepare
    const request = new BufferedRequest('https://x.example/', { method: 'PUT' }, 'abc');
    const response = new BufferedResponse('hi', { status: 201, headers: { 'content-type': 'text/plain' } });
    // Act
    const form = request.clone();
    const redirected = response.redirected;
    // Assess
    expect(await form.text()).toBe('abc');
    expect(form.headers).not.toBe(request.headers);
    expect(redirected).toBe(false);
    expect(response.ok).toBe(true);
    expect(await new Response(response.body).text()).toBe('hi');
    expect(() => new BufferedRequest('https://x.example/', { method: 'BAD METHOD' }, '')).toThrow(TypeError);
    expect(() => new BufferedResponse('', { status: 99 })).toThrow(RangeError);
  });
});
