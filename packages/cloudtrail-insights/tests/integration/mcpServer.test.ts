import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedEvent, readCloudTrailFiles } from '../../src/index.js';
import { type LocalCloudTrail, startLocalCloudTrail } from '../../src/testing.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';
import { type ChildServer, childEnv, requireBuiltBin, startChildServer } from '../support/servers.js';

const WINDOW = { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' };
const TOKEN = 'test-token-0123456789';

function structured<T>(result: unknown): T {
  const r = result as CallToolResult;
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  return r.structuredContent as T;
}

function countsFromFiles(key: (r: Record<string, unknown>) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of rawRecords(FIXTURE_DIR)) counts.set(key(record), (counts.get(key(record)) ?? 0) + 1);
  return counts;
}

describe('MCP server over Streamable HTTP against a throttling local CloudTrail', () => {
  let cloudtrail: LocalCloudTrail;
  let server: ChildServer;
  let client: Client;
  let events: ParsedEvent[];

  beforeAll(async () => {
    const bin = requireBuiltBin();
    events = await readCloudTrailFiles(FIXTURE_DIR);
    cloudtrail = await startLocalCloudTrail({ events, throttleEvery: 2 });
    server = await startChildServer(bin, [], {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      MCP_AUTH_TOKEN: TOKEN,
      // Faster than the real quota so the suite stays short; pacing at 2/s is measured by the bench.
      CLOUDTRAIL_CALLS_PER_SECOND: '20',
    });
    client = new Client({ name: 'integration-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await cloudtrail?.close();
  });

  it('lists the five tools, each with an output schema, and the status resource', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) expect(tool.outputSchema?.type, tool.name).toBe('object');
    expect(tools.map((t) => t.name).sort()).toEqual([
      'analyze_developer_activity',
      'get_cloudtrail_event_names',
      'lookup_cloudtrail_events',
      'predict_next_actions',
      'suggest_least_privilege_policy',
    ]);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('cloudtrail://status');
  });

  it('counts event names over the whole window exactly as the files do, through throttling', async () => {
    const throttledBefore = cloudtrail.stats.throttled;
    const result = structured<{
      total: number;
      truncated: boolean;
      pages: number;
      eventNames: { key: string; count: number }[];
    }>(await client.callTool({ name: 'get_cloudtrail_event_names', arguments: WINDOW }));
    expect(result.total).toBe(events.length);
    expect(result.truncated).toBe(false);
    expect(result.pages).toBe(Math.ceil(events.length / 50));
    expect(new Map(result.eventNames.map((c) => [c.key, c.count]))).toEqual(
      countsFromFiles((r) => String(r.eventName)),
    );
    const counts = result.eventNames.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(cloudtrail.stats.throttled).toBeGreaterThan(throttledBefore);
  });

  it('looks up with one attribute filter, every page, and reports truncation', async () => {
    const christophe = events.filter((e) => e.identity === 'christophe').length;
    const all = structured<{ count: number; truncated: boolean; events: { identity: string }[] }>(
      await client.callTool({
        name: 'lookup_cloudtrail_events',
        arguments: { ...WINDOW, username: 'christophe', maxResults: 5000 },
      }),
    );
    expect(all.count).toBe(christophe);
    expect(all.truncated).toBe(false);
    expect(new Set(all.events.map((e) => e.identity))).toEqual(new Set(['christophe']));
    const cut = structured<{ count: number; truncated: boolean }>(
      await client.callTool({ name: 'lookup_cloudtrail_events', arguments: { ...WINDOW, maxResults: 60 } }),
    );
    expect(cut).toMatchObject({ count: 60, truncated: true });
    const byName = structured<{ count: number }>(
      await client.callTool({
        name: 'lookup_cloudtrail_events',
        arguments: { ...WINDOW, eventName: 'StopLogging' },
      }),
    );
    expect(byName.count).toBe(countsFromFiles((r) => String(r.eventName)).get('StopLogging'));
  });

  it('analyses, predicts and suggests a policy, saying plainly why Claude was skipped', async () => {
    const analysis = structured<{
      report: { summary: { total: number }; identities: { identity: string }[] };
      claude: { skipped?: string };
    }>(await client.callTool({ name: 'analyze_developer_activity', arguments: WINDOW }));
    expect(analysis.report.summary.total).toBe(events.length);
    expect(analysis.report.identities[0]!.identity).toBe('christophe');
    expect(analysis.claude.skipped).toMatch(/BEDROCK_MODEL_ID/);

    const prediction = structured<{
      predictions: { eventName: string; probability: number }[];
      knownIdentity: boolean;
    }>(
      await client.callTool({
        name: 'predict_next_actions',
        arguments: { ...WINDOW, identity: 'christophe', k: 3 },
      }),
    );
    expect(prediction.knownIdentity).toBe(true);
    expect(prediction.predictions).toHaveLength(3);

    const policy = structured<{ policy: { Statement: { Action: string[] }[] } }>(
      await client.callTool({
        name: 'suggest_least_privilege_policy',
        arguments: { ...WINDOW, identity: 'christophe' },
      }),
    );
    expect(policy.policy.Statement.flatMap((s) => s.Action)).toContain('cloudtrail:StopLogging');
  });

  it('reports region, source, pacing and version in cloudtrail://status', async () => {
    const { contents } = await client.readResource({ uri: 'cloudtrail://status' });
    const status = JSON.parse(String((contents[0] as { text: string }).text));
    expect(status).toMatchObject({ source: 'lookup-events', region: 'us-east-1', version: '0.1.0' });
    expect(status.pacing.calls).toBeGreaterThan(0);
    expect(status.pacing.throttled).toBeGreaterThan(0);
    expect(status.pacing.callsPerSecond).toBe(20);
  });

  it('answers bad tool input with an MCP error and keeps serving', async () => {
    const twoFilters = (await client.callTool({
      name: 'lookup_cloudtrail_events',
      arguments: { ...WINDOW, username: 'a', eventName: 'b' },
    })) as CallToolResult;
    expect(twoFilters.isError).toBe(true);
    expect(JSON.stringify(twoFilters.content)).toMatch(/one attribute filter/);
    const wrongType = (await client
      .callTool({ name: 'lookup_cloudtrail_events', arguments: { maxResults: 'many' } })
      .catch((e: Error) => ({
        isError: true,
        content: [{ type: 'text', text: e.message }],
      }))) as CallToolResult;
    expect(wrongType.isError).toBe(true);
    const badDate = (await client.callTool({
      name: 'lookup_cloudtrail_events',
      arguments: { startTime: 'last tuesday' },
    })) as CallToolResult;
    expect(badDate.isError).toBe(true);
    expect(JSON.stringify(badDate.content)).toMatch(/ISO 8601/);
    expect((await client.listTools()).tools).toHaveLength(5);
  });

  it('refuses a foreign Host or Origin on the loopback-bound server (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/mcp',
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect(await status({ host: 'attacker.example' })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, origin: 'https://attacker.example' })).toBe(403);
    expect(await status({ host: `localhost:${port}` })).toBe(401);
  });

  it('refuses requests without the bearer token', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'Unauthorized',
        message: 'Missing or invalid credentials',
        requestId: expect.any(String),
      },
    });
  });
});

describe('MCP server over stdio', () => {
  let cloudtrail: LocalCloudTrail;
  let client: Client;

  beforeAll(async () => {
    const bin = requireBuiltBin();
    cloudtrail = await startLocalCloudTrail({
      events: await readCloudTrailFiles(FIXTURE_DIR),
      throttleEvery: 2,
    });
    client = new Client({ name: 'integration-test-stdio', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [bin, '--stdio'],
        env: childEnv({
          AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
          CLOUDTRAIL_CALLS_PER_SECOND: '20',
        }),
        stderr: 'pipe',
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await cloudtrail?.close();
  });

  it('serves the same counts over stdio', async () => {
    const result = structured<{ total: number; eventNames: { key: string; count: number }[] }>(
      await client.callTool({ name: 'get_cloudtrail_event_names', arguments: WINDOW }),
    );
    expect(result.total).toBe(rawRecords(FIXTURE_DIR).length);
    expect(new Map(result.eventNames.map((c) => [c.key, c.count]))).toEqual(
      countsFromFiles((r) => String(r.eventName)),
    );
  });
});
