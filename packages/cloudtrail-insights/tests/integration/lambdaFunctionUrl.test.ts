import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStreamingHandler,
  type FunctionUrlEvent,
  type LambdaStreamingRuntime,
  LookupEventsSource,
  lookupEventsProvider,
  type ParsedEvent,
  readCloudTrailFiles,
} from '../../src/index.js';
import { type LocalCloudTrail, startLocalCloudTrail } from '../../src/testing.js';
import { FIXTURE_DIR } from '../support/fixtures.js';
import { LOCAL_AWS_ENV } from '../support/servers.js';

/** 150 real events (the committed ones, repeated with new ids): three pages, so throttling shows. */
async function threePagesOfEvents(): Promise<ParsedEvent[]> {
  const real = await readCloudTrailFiles(FIXTURE_DIR);
  return Array.from({ length: 150 }, (_, i) => ({ ...real[i % real.length]!, eventId: `page-test-${i}` }));
}

type StreamingHandler = (event: FunctionUrlEvent, stream: Writable, context: unknown) => Promise<void>;

/**
 * What a Lambda Function URL does in front of a RESPONSE_STREAM function: turn the HTTP request into a payload v2
 * event, run the streamified handler, and send the metadata it sets, then the body it streams.
 */
function functionUrlFront(handler: StreamingHandler): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const [path, query = ''] = (req.url ?? '/').split('?');
    const sink = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          res.write(chunk, done);
        },
        final(done) {
          res.end();
          done();
        },
      }),
      { res },
    );
    await handler(
      {
        rawPath: path,
        rawQueryString: query,
        headers,
        body: chunks.length ? Buffer.concat(chunks).toString('base64') : undefined,
        isBase64Encoded: true,
        requestContext: { domainName: headers.host, http: { method: req.method } },
      },
      sink,
      {},
    );
  });
}

describe('MCP Lambda handler (RESPONSE_STREAM) behind a Function URL, against a throttling local CloudTrail', () => {
  let cloudtrail: LocalCloudTrail;
  let front: Server;
  let client: Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    cloudtrail = await startLocalCloudTrail({ events: await threePagesOfEvents(), throttleEvery: 2 });
    Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint });
    const runtime: LambdaStreamingRuntime = {
      streamifyResponse: (fn) => fn,
      HttpResponseStream: {
        from(stream, metadata) {
          // The Function URL sends the status line and headers before the streamed body.
          const res = (stream as unknown as { res: import('node:http').ServerResponse }).res;
          res.writeHead(metadata.statusCode, metadata.headers);
          return stream;
        },
      },
    };
    const handler = createStreamingHandler(
      () => ({
        provider: lookupEventsProvider(
          new LookupEventsSource({ accountId: 'lambda-it', callsPerSecond: 20 }),
        ),
        bearerToken: 'function-url-token-123',
      }),
      runtime,
    ) as StreamingHandler;
    front = functionUrlFront(handler);
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const address = front.address() as { port: number };
    client = new Client({ name: 'lambda-it', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${address.port}/mcp`), {
        requestInit: { headers: { authorization: 'Bearer function-url-token-123' } },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
    await cloudtrail?.close();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('serves tool calls with the region from configuration and every page despite throttling', async () => {
    const result = (await client.callTool({
      name: 'get_cloudtrail_event_names',
      arguments: { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' },
    })) as CallToolResult;
    expect(result.isError ?? false).toBe(false);
    const content = result.structuredContent as { total: number; pages: number };
    expect(content.total).toBe(150);
    expect(content.pages).toBe(3);
    expect(cloudtrail.stats.served).toBe(150);
    expect(cloudtrail.stats.throttled).toBeGreaterThan(0);
    const { contents } = await client.readResource({ uri: 'cloudtrail://status' });
    expect(JSON.parse(String((contents[0] as { text: string }).text))).toMatchObject({ region: 'us-east-1' });
  });
});
