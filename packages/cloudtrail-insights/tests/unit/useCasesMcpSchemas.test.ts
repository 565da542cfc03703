import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer, filesProvider } from '../../src/index.js';
import { ActivityAnalysis } from '../../src/useCases/activityAnalysis.js';
import { NameCounts } from '../../src/useCases/eventNameCounts.js';
import { PolicySuggestion } from '../../src/useCases/leastPrivilegePolicy.js';
import { EventList } from '../../src/useCases/lookupEvents.js';
import { NextActionsAnswer } from '../../src/useCases/predictNextActions.js';
import { FIXTURE_DIR } from '../support/fixtures.js';

const WINDOW = { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' };

/** One call per tool, and the zod schema of its use case. */
const CALLS = [
  {
    name: 'lookup_cloudtrail_events',
    args: { ...WINDOW, maxResults: 20, includeRaw: true },
    schema: EventList,
  },
  { name: 'get_cloudtrail_event_names', args: WINDOW, schema: NameCounts },
  { name: 'analyze_developer_activity', args: { ...WINDOW, maxIdentities: 3 }, schema: ActivityAnalysis },
  {
    name: 'predict_next_actions',
    args: { ...WINDOW, identity: 'christophe', k: 3 },
    schema: NextActionsAnswer,
  },
  {
    name: 'suggest_least_privilege_policy',
    args: { ...WINDOW, identity: 'christophe' },
    schema: PolicySuggestion,
  },
];

describe('MCP tools: output schemas from the use cases', () => {
  const client = new Client({ name: 'unit-test', version: '1.0.0' });
  let tools: Tool[];

  beforeAll(async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createMcpServer({
      provider: filesProvider(FIXTURE_DIR),
      analystUnavailableReason: 'no Bedrock',
    });
    await server.connect(serverSide);
    await client.connect(clientSide);
    tools = (await client.listTools()).tools;
  });

  afterAll(async () => {
    await client.close();
  });

  it('lists every tool with an input schema and an object output schema', () => {
    // Assess
    expect(tools.map((t) => t.name).sort()).toEqual(CALLS.map((c) => c.name).sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(Object.keys(tool.outputSchema?.properties ?? {}).length, tool.name).toBeGreaterThan(2);
    }
  });

  it.each(CALLS)(
    '$name answers with structuredContent that validates against its listed schema',
    async (call) => {
      // Prepare
      const tool = tools.find((t) => t.name === call.name)!;
      const validate = new AjvJsonSchemaValidator().getValidator(tool.outputSchema!);
      // Act
      const result = (await client.callTool({ name: call.name, arguments: call.args })) as CallToolResult;
      // Assess
      expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
      const verdict = validate(result.structuredContent);
      expect(verdict.valid, verdict.errorMessage).toBe(true);
      expect(call.schema.safeParse(result.structuredContent).success).toBe(true);
      expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(
        JSON.parse(JSON.stringify(result.structuredContent)),
      );
    },
  );

  it('keeps the full record out of lookups unless asked for', async () => {
    // Act
    const result = (await client.callTool({
      name: 'lookup_cloudtrail_events',
      arguments: { ...WINDOW, maxResults: 3 },
    })) as CallToolResult;
    // Assess
    const events = (result.structuredContent as { events: Record<string, unknown>[] }).events;
    expect(events).toHaveLength(3);
    for (const event of events) expect(event).not.toHaveProperty('record');
  });
});
