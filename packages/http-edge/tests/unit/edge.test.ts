import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import {
  bearerToken,
  ConfigError,
  createLambdaHandler,
  eventToRequest,
  HttpError,
  hostGuard,
  json,
  type LambdaHttpEvent,
  type LocalServer,
  readEnvironment,
  readText,
  responseToResult,
  StructuredLogger,
  serve,
  text,
  withCors,
} from '../../src/index.ts';

const silent = new StructuredLogger({ level: 'SILENT' });

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: new StructuredLogger({ write: (line) => lines.push(JSON.parse(line)) }) };
}

describe('eventToRequest', () => {
  it('reads a Function URL (2.0) event: path, query, headers, cookies, IAM caller', async () => {
    // Prepare
    const event: LambdaHttpEvent = {
      version: '2.0',
      rawPath: '/mcp',
      rawQueryString: 'a=1&b=%C3%A9',
      cookies: ['s=1', 't=2'],
      headers: { 'Content-Type': 'application/json', host: 'abc.lambda-url.ap-northeast-1.on.aws' },
      body: '{"x":1}',
      requestContext: {
        requestId: 'r-1',
        domainName: 'abc.lambda-url.ap-northeast-1.on.aws',
        http: { method: 'POST', sourceIp: '203.0.113.9' },
        authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/alice' } },
      },
    };
    // Act
    const { request, facts } = eventToRequest(event);
    // Assess
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://abc.lambda-url.ap-northeast-1.on.aws/mcp?a=1&b=%C3%A9');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('cookie')).toBe('s=1; t=2');
    expect(await request.text()).toBe('{"x":1}');
    expect(facts).toEqual({
      requestId: 'r-1',
      sourceIp: '203.0.113.9',
      iam: { userArn: 'arn:aws:iam::123456789012:user/alice' },
    });
  });

  it('reads a REST API (1.0) event with multi-value query and headers, and decodes base64 bodies', async () => {
    const event: LambdaHttpEvent = {
      httpMethod: 'PUT',
      path: '/cats/7',
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      multiValueHeaders: { accept: ['text/csv', 'application/json'] },
      body: Buffer.from('名前').toString('base64'),
      isBase64Encoded: true,
      requestContext: { requestId: 'r-2', identity: { sourceIp: '198.51.100.1' } },
    };
    const { request, facts } = eventToRequest(event);
    expect(new URL(request.url).pathname).toBe('/cats/7');
    expect(new URL(request.url).searchParams.getAll('tag')).toEqual(['a', 'b']);
    expect(request.headers.get('accept')).toBe('text/csv, application/json');
    expect(await request.text()).toBe('名前');
    expect(facts.sourceIp).toBe('198.51.100.1');
  });

  it('strips a named HTTP API stage from the path and ignores GET bodies', () => {
    const { request } = eventToRequest({
      version: '2.0',
      rawPath: '/prod/stats',
      body: 'ignored',
      requestContext: { stage: 'prod', http: { method: 'GET' } },
    });
    expect(new URL(request.url).pathname).toBe('/stats');
    expect(request.body).toBeNull();
  });
});

describe('responseToResult', () => {
  it('keeps text bodies, base64-encodes binary ones and lifts set-cookie into cookies', async () => {
    const textual = await responseToResult(json(201, { ok: true }, { 'set-cookie': 'a=1' }));
    expect(textual).toMatchObject({
      statusCode: 201,
      body: '{"ok":true}',
      isBase64Encoded: false,
      cookies: ['a=1'],
    });
    expect(textual.headers['set-cookie']).toBeUndefined();
    const binary = await responseToResult(
      new Response(new Uint8Array([0, 255, 1]), { headers: { 'content-type': 'application/gzip' } }),
    );
    expect(binary).toMatchObject({ body: 'AP8B', isBase64Encoded: true });
    const streamed = await responseToResult(
      new Response('plain', { headers: { 'content-type': 'text/plain' } }),
    );
    expect(streamed.body).toBe('plain');
  });
});

describe('createLambdaHandler', () => {
  it('builds the app once, on the first invocation, and logs request id and cold start on every line', async () => {
    // Prepare
    const { lines, logger } = capture();
    const init = vi.fn(() => ({
      logger,
      core: async (_request: Request, context: { requestId: string; logger: { info(m: string): void } }) => {
        context.logger.info('handled');
        return json(200, { requestId: context.requestId });
      },
    }));
    const handler = createLambdaHandler(init);
    expect(init).not.toHaveBeenCalled();
    // Act
    const first = await handler({ requestContext: { http: { method: 'GET' } } }, { awsRequestId: 'aws-1' });
    await handler({ requestContext: { http: { method: 'GET' } } }, { awsRequestId: 'aws-2' });
    // Assess
    expect(init).toHaveBeenCalledTimes(1);
    expect(JSON.parse(first.body)).toEqual({ requestId: 'aws-1' });
    expect(lines.map((l) => [l.function_request_id, l.cold_start])).toEqual([
      ['aws-1', true],
      ['aws-2', false],
    ]);
  });

  it('serves handleRequest(request) without a context, as its type allows, with a fresh request id', async () => {
    // Prepare
    const { logger } = capture();
    const handler = createLambdaHandler(() => ({
      logger,
      core: async (_request: Request, context: { requestId: string }) => json(200, { id: context.requestId }),
    }));
    // Act
    const response = await handler.handleRequest(new Request('https://x.example/'));
    // Assess
    expect(response.status).toBe(200);
    expect((await response.json()).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an HttpError with the one error body and anything else with a 500 that says nothing internal', async () => {
    const { lines, logger } = capture();
    const handler = createLambdaHandler(() => ({
      logger,
      core: async (request: Request) => {
        if (request.url.endsWith('/teapot'))
          throw new HttpError(418, 'Teapot', 'I am a teapot', { details: { why: 'tea' } });
        throw new Error('password=hunter2 at /var/task/secret.js:12');
      },
    }));
    const teapot = await handler({ rawPath: '/teapot', requestContext: { requestId: 'r-9' } });
    expect(teapot.statusCode).toBe(418);
    expect(JSON.parse(teapot.body)).toEqual({
      error: { code: 'Teapot', message: 'I am a teapot', requestId: 'r-9', details: { why: 'tea' } },
    });
    const boom = await handler({ rawPath: '/x', requestContext: { requestId: 'r-10' } });
    expect(boom.statusCode).toBe(500);
    expect(JSON.parse(boom.body)).toEqual({
      error: {
        code: 'InternalError',
        message: 'Internal error; retry later or quote the requestId',
        requestId: 'r-10',
      },
    });
    expect(boom.body).not.toContain('hunter2');
    expect(lines.at(-1)).toMatchObject({ level: 'ERROR', function_request_id: 'r-10' });
  });

  it('throws the ConfigError of a bad setting from ready(), before any request', () => {
    const handler = createLambdaHandler(() => {
      throw new ConfigError('S3_BUCKET_NAME', 'is required');
    });
    expect(() => handler.ready()).toThrow('S3_BUCKET_NAME: is required');
  });
});

describe('readEnvironment', () => {
  const Env = z.object({
    S3_BUCKET_NAME: z.string().check(z.minLength(3, 'must be a bucket name')),
    PORT: z.optional(z.string().check(z.regex(/^\d+$/, 'must be a whole number'))),
  });
  it('parses trimmed values and names the first wrong variable without echoing its value', () => {
    expect(readEnvironment(Env, { S3_BUCKET_NAME: ' chat ', PORT: '' })).toEqual({ S3_BUCKET_NAME: 'chat' });
    expect(() => readEnvironment(Env, { S3_BUCKET_NAME: 'chat', PORT: 'secret-value' })).toThrow(
      new ConfigError('PORT', 'must be a whole number'),
    );
    try {
      readEnvironment(Env, { PORT: '1' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('S3_BUCKET_NAME');
    }
  });
});

describe('bearerToken', () => {
  it('accepts any case of the scheme and refuses malformed headers', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('BEARER\tabc ')).toBe('abc');
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});

describe('hostGuard', () => {
  it('accepts loopback names (the IPv4-mapped one too) and configured hosts, nothing else', () => {
    const guard = hostGuard(['insights.example.com']);
    expect(guard('127.0.0.1:8000', null)).toBe(true);
    expect(guard('[::ffff:127.0.0.1]:8000', null)).toBe(true);
    expect(guard('insights.example.com', 'https://insights.example.com')).toBe(true);
    expect(guard('evil.example:8000', null)).toBe(false);
    expect(guard('127.0.0.1:8000', 'http://evil.example')).toBe(false);
    expect(guard(null, null)).toBe(false);
    expect(hostGuard('*')('evil.example', null)).toBe(true);
  });
});

describe('readText and withCors', () => {
  it('refuses a body over the limit with a 413 error', async () => {
    const request = new Request('http://x/', { method: 'POST', body: 'x'.repeat(20) });
    await expect(readText(request, 10)).rejects.toMatchObject({ statusCode: 413, code: 'PayloadTooLarge' });
    const small = new Request('http://x/', { method: 'POST', body: 'hello' });
    expect(await readText(small, 10)).toBe('hello');
  });

  it('answers preflights for allowed origins and marks their answers', async () => {
    const core = withCors(async () => text(200, 'ok'), { allowedOrigins: ['https://app.example'] });
    const context = { requestId: 'r', logger: silent };
    const preflight = await core(
      new Request('http://x/', { method: 'OPTIONS', headers: { origin: 'https://app.example' } }),
      context,
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const refused = await core(
      new Request('http://x/', { method: 'OPTIONS', headers: { origin: 'https://evil' } }),
      context,
    );
    expect(refused.status).toBe(403);
    const plain = await core(new Request('http://x/', { headers: { origin: 'https://evil' } }), context);
    expect(plain.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it('with several origins answers each allowed one by name and others not at all', async () => {
    const core = withCors(async () => text(200, 'ok'), {
      allowedOrigins: ['https://a.example', 'https://b.example'],
    });
    const context = { requestId: 'r', logger: silent };
    const b = await core(new Request('http://x/', { headers: { origin: 'https://b.example' } }), context);
    expect(b.headers.get('access-control-allow-origin')).toBe('https://b.example');
    expect(b.headers.get('vary')).toBe('Origin');
    const evil = await core(new Request('http://x/', { headers: { origin: 'https://evil' } }), context);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('serve (the Node listener)', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function post(url: string, body: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers }, (res) => {
        let data = '';
        res.on('data', (chunk) => {
          data += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('hands the body to the core, answers 413 beyond the limit and 403 for a foreign Host', async () => {
    server = await serve(async (request) => json(200, { got: await request.text() }), {
      maxBodyBytes: 16,
      logger: silent,
    });
    expect(await post(`${server.url}/`, 'small')).toEqual({ status: 200, body: '{"got":"small"}' });
    const tooLarge = await post(`${server.url}/`, 'x'.repeat(17));
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.code).toBe('PayloadTooLarge');
    const rebinding = await post(`${server.url}/`, 'small', { host: 'evil.example' });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body).error).toMatchObject({ code: 'Forbidden' });
  });
});
