import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClaudeAnalyst,
  createMcpServer,
  DuckDbEngine,
  type EventProvider,
  filesProvider,
} from '../../src/index.js';
import { engineProvider } from '../../src/sources/engineProvider.js';
import { analysisView } from '../../src/ui/analysisApi.js';
import type { InsightsOptions } from '../../src/useCases/InsightsOptions.js';
import { FIXTURE_DIR } from '../support/fixtures.js';

const WINDOW = { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' };
/** What crosses the wire: JSON drops undefined fields on both faces. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value));

async function mcpClient(options: InsightsOptions) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(options).connect(serverSide);
  const client = new Client({ name: 'parity-test', version: '1.0.0' });
  await client.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
    return wire(result.structuredContent);
  };
  return { call, close: () => client.close() };
}

let engine: DuckDbEngine;
const providers: Record<string, () => EventProvider> = {
  'in-process files': () => filesProvider(FIXTURE_DIR),
  'DuckDB engine': () => engineProvider(engine),
};

beforeAll(async () => {
  engine = await DuckDbEngine.open({ root: FIXTURE_DIR, threads: 2 });
});
afterAll(async () => {
  await engine?.close();
});

describe.each(Object.keys(providers))('the dashboard and the MCP tools over %s', (kind) => {
  it('give the same report, predictions and policy for the same window', async () => {
    // Prepare
    const options = { provider: providers[kind]!() };
    const mcp = await mcpClient(options);
    try {
      // Act
      const view = wire(await analysisView(options, WINDOW));
      const analysis = await mcp.call('analyze_developer_activity', { ...WINDOW, useClaude: false });
      const names = await mcp.call('get_cloudtrail_event_names', WINDOW);
      const prediction = await mcp.call('predict_next_actions', { ...WINDOW, identity: view.focus, k: 5 });
      const policy = await mcp.call('suggest_least_privilege_policy', { ...WINDOW, identity: view.focus });
      // Assess
      expect(view.report.summary.total).toBeGreaterThan(100);
      expect(analysis.report).toEqual(view.report);
      expect(names.total).toBe(view.report.summary.total);
      expect(names.eventNames.slice(0, 10)).toEqual(view.report.summary.byEventName);
      expect({ history: prediction.history, predictions: prediction.predictions }).toEqual(view.prediction);
      expect(policy.policy).toEqual(view.policy);
      for (const who of view.report.identities.slice(0, 4)) {
        const next = await mcp.call('predict_next_actions', { ...WINDOW, identity: who.identity, k: 5 });
        expect(who.predictedNext, who.identity).toEqual(next.predictions);
      }
    } finally {
      await mcp.close();
    }
  });

  it('give the same counts for one identity', async () => {
    // Prepare
    const options = { provider: providers[kind]!() };
    const mcp = await mcpClient(options);
    try {
      // Act
      const view = wire(await analysisView(options, { ...WINDOW, identity: 'christophe' }));
      const analysis = await mcp.call('analyze_developer_activity', {
        ...WINDOW,
        username: 'christophe',
        useClaude: false,
      });
      // Assess
      expect(view.report.identities.map((i: { identity: string }) => i.identity)).toEqual(['christophe']);
      expect(analysis.report.summary).toEqual(view.report.summary);
      expect(analysis.report.identities[0].events).toBe(view.report.identities[0].events);
    } finally {
      await mcp.close();
    }
  });
});

describe('Claude or skipped, said once', () => {
  it('gives the dashboard and the tool the same safe reason when Bedrock fails', async () => {
    // Prepare: an analyst whose Bedrock call fails with an AWS error carrying a detail that must not leak.
    const failing = {
      modelId: 'apac.anthropic.claude-sonnet-4-20250514-v1:0',
      analyze: async () => {
        throw Object.assign(new Error('account 111122223333 arn:aws:iam::secret'), {
          name: 'ThrottlingException',
        });
      },
    } as unknown as ClaudeAnalyst;
    const options = { provider: filesProvider(FIXTURE_DIR), analyst: failing };
    const mcp = await mcpClient(options);
    try {
      // Act
      const view = await analysisView(options, { ...WINDOW, claude: true });
      const analysis = await mcp.call('analyze_developer_activity', WINDOW);
      // Assess
      expect(view.claude).toEqual({ skipped: 'Bedrock call failed (ThrottlingException)' });
      expect(analysis.claude).toEqual(view.claude);
    } finally {
      await mcp.close();
    }
  });

  it('gives both faces the configured reason when there is no analyst, and "not requested" when off', async () => {
    // Prepare
    const options = {
      provider: filesProvider(FIXTURE_DIR),
      analystUnavailableReason: 'BEDROCK_MODEL_ID is not set',
    };
    const mcp = await mcpClient(options);
    try {
      // Act
      const asked = await analysisView(options, { ...WINDOW, claude: true });
      const tool = await mcp.call('analyze_developer_activity', WINDOW);
      const off = await mcp.call('analyze_developer_activity', { ...WINDOW, useClaude: false });
      const viewOff = await analysisView(options, WINDOW);
      // Assess
      expect(asked.claude).toEqual({ skipped: 'BEDROCK_MODEL_ID is not set' });
      expect(tool.claude).toEqual(asked.claude);
      expect(off.claude).toEqual({ skipped: 'not requested' });
      expect(viewOff.claude).toEqual(off.claude);
    } finally {
      await mcp.close();
    }
  });
});
