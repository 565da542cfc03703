import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createBufferedHandler,
  createStreamingHandler,
  type FunctionUrlEvent,
  filesProvider,
  type LambdaStreamingRuntime,
  LookupEventsSource,
  lookupEventsProvider,
  VERSION,
} from '../../src/index.js';
import { FIXTURE_DIR } from '../support/fixtures.js';
import { PACKAGE_DIR } from '../support/servers.js';

const options = { provider: filesProvider(FIXTURE_DIR), bearerToken: 'secret-token' };

/** A Function URL (payload v2) event as Lambda delivers it. */
function functionUrlEvent(body: unknown, headers: Record<string, string> = {}): FunctionUrlEvent {
  return {
    rawPath: '/mcp',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: 'Bearer secret-token',
      host: 'abc123.lambda-url.ap-northeast-1.on.aws',
      ...headers,
    },
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: true,
    requestContext: { domainName: 'abc123.lambda-url.ap-northeast-1.on.aws', http: { method: 'POST' } },
  };
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'unit', version: '1' } },
};
const countNames = {
  jsonrpc: '2.0',
  id: 2,
  method: 'tools/call',
  params: { name: 'get_cloudtrail_event_names', arguments: { eventName: 'StopLogging' } },
};

describe('Lambda Function URL handler (buffered)', () => {
  const handler = createBufferedHandler(() => options);

  it('initialises and calls a tool, one fresh server per request', async () => {
    const init = await handler(functionUrlEvent(initialize));
    expect(init.statusCode).toBe(200);
    expect(JSON.parse(init.body).result.serverInfo).toEqual({
      name: 'mv-cloudtrail-insights',
      version: VERSION,
    });
    const call = await handler(functionUrlEvent(countNames));
    const result = JSON.parse(call.body).result;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      total: 1,
      eventNames: [{ key: 'StopLogging', count: 1 }],
    });
  });

  it('refuses a missing bearer token and unknown paths, and answers the health check', async () => {
    expect((await handler(functionUrlEvent(initialize, { authorization: '' }))).statusCode).toBe(401);
    expect((await handler({ ...functionUrlEvent(initialize), rawPath: '/other' })).statusCode).toBe(404);
    const health = await handler({ rawPath: '/healthcheck', requestContext: { http: { method: 'GET' } } });
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });

  it('answers with the one error body of the @mv APIs, request id included', async () => {
    const refused = await handler(functionUrlEvent(initialize, { authorization: 'bearer wrong' }), {
      awsRequestId: 'aws-7',
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'Unauthorized', message: 'Missing or invalid credentials', requestId: 'aws-7' },
    });
  });

  it('in iam mode accepts only requests Lambda verified (Function URL AuthType AWS_IAM)', async () => {
    const iam = createBufferedHandler({ provider: filesProvider(FIXTURE_DIR), authMode: 'iam' });
    const { authorization: _, ...unsignedHeaders } = functionUrlEvent(initialize).headers as Record<
      string,
      string
    >;
    const unsigned = await iam({ ...functionUrlEvent(initialize), headers: unsignedHeaders });
    expect(unsigned.statusCode).toBe(401);
    const signed = await iam({
      ...functionUrlEvent(initialize),
      headers: unsignedHeaders,
      requestContext: {
        domainName: 'abc123.lambda-url.ap-northeast-1.on.aws',
        http: { method: 'POST' },
        authorizer: { iam: { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/alice' } },
      },
    });
    expect(signed.statusCode).toBe(200);
  });

  it('reads a token kept in Secrets Manager once, on first use', async () => {
    let reads = 0;
    const secret = createBufferedHandler({
      provider: filesProvider(FIXTURE_DIR),
      authMode: 'token',
      bearerToken: async () => {
        reads += 1;
        return 'secret-token';
      },
    });
    expect((await secret(functionUrlEvent(initialize))).statusCode).toBe(200);
    expect((await secret(functionUrlEvent(initialize, { authorization: 'Bearer nope' }))).statusCode).toBe(
      401,
    );
    expect(reads).toBe(1);
  });
});

describe('Lambda Function URL handler (RESPONSE_STREAM)', () => {
  it('writes status, headers and body through the runtime HttpResponseStream', async () => {
    // Prepare: the awslambda global's shape, recording what the handler writes.
    const written: Buffer[] = [];
    let metadata: { statusCode: number; headers: Record<string, string> } | undefined;
    const runtime: LambdaStreamingRuntime = {
      streamifyResponse: (fn) => fn,
      HttpResponseStream: {
        from(stream, meta) {
          metadata = meta;
          return stream;
        },
      },
    };
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written.push(Buffer.from(chunk));
        done();
      },
    });
    const handler = createStreamingHandler(() => options, runtime) as (
      event: FunctionUrlEvent,
      stream: NodeJS.WritableStream,
      context: unknown,
    ) => Promise<void>;
    // Act
    await handler(functionUrlEvent(countNames), sink, {});
    // Assess
    expect(metadata?.statusCode).toBe(200);
    expect(metadata?.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(Buffer.concat(written).toString()).result.structuredContent.total).toBe(1);
  });
});

describe('VERSION', () => {
  it('matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')).version);
  });
});

describe('tool errors crossing the trust boundary', () => {
  it('say what to configure, never the internals', async () => {
    // Prepare: a LookupEvents source with no Region anywhere in its configuration.
    const saved = {
      region: process.env.AWS_REGION,
      defaultRegion: process.env.AWS_DEFAULT_REGION,
      config: process.env.AWS_CONFIG_FILE,
    };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
    try {
      const handler = createBufferedHandler({
        provider: lookupEventsProvider(new LookupEventsSource({ accountId: 'no-region' })),
      });
      // Act
      const result = await handler(
        functionUrlEvent(
          { ...countNames, params: { ...countNames.params, arguments: {} } },
          { authorization: '' },
        ),
      );
      // Assess
      const body = JSON.parse(result.body).result;
      expect(body.isError).toBe(true);
      expect(body.content[0].text).toBe('the server has no AWS Region configured (set AWS_REGION)');
    } finally {
      if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
      if (saved.defaultRegion !== undefined) process.env.AWS_DEFAULT_REGION = saved.defaultRegion;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
    }
  });
});
