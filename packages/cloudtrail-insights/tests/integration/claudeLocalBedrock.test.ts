import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeActivity, BedrockModelError, ClaudeAnalyst, readCloudTrailFiles } from '../../src/index.js';
import { type LocalCloudTrail, startLocalCloudTrail } from '../../src/testing.js';
import { FIXTURE_DIR } from '../support/fixtures.js';
import { type LocalBedrock, startLocalBedrock } from '../support/localBedrock.js';
import { type ChildServer, LOCAL_AWS_ENV, requireBuiltBin, startChildServer } from '../support/servers.js';

const PROFILE = 'apac.anthropic.claude-sonnet-4-20250514-v1:0';

describe('Claude through Converse on a local Bedrock endpoint (AWS_ENDPOINT_URL_BEDROCK_RUNTIME)', () => {
  let bedrock: LocalBedrock;
  let cloudtrail: LocalCloudTrail;
  let server: ChildServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    bedrock = await startLocalBedrock();
    cloudtrail = await startLocalCloudTrail({
      events: await readCloudTrailFiles(FIXTURE_DIR),
      throttleEvery: 2,
    });
    Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint });
    server = await startChildServer(requireBuiltBin(), [], {
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint,
      BEDROCK_MODEL_ID: PROFILE,
      CLOUDTRAIL_CALLS_PER_SECOND: '20',
      MCP_AUTH_MODE: 'none',
    });
  });

  afterAll(async () => {
    await server?.stop();
    await cloudtrail?.close();
    await bedrock?.close();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("the MCP tool returns Claude's validated analysis after a throttled first call", async () => {
    const client = new Client({ name: 'claude-it', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    try {
      const result = (await client.callTool({
        name: 'analyze_developer_activity',
        arguments: { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z', maxIdentities: 3 },
      })) as CallToolResult;
      expect(result.isError ?? false).toBe(false);
      const { claude, report } = result.structuredContent as {
        claude: { analysis: { summary: string; workPatterns: { identity: string }[] }; modelId: string };
        report: { identities: { identity: string }[] };
      };
      expect(claude.modelId).toBe(PROFILE);
      expect(claude.analysis.summary).toMatch(/^Local model: \d+ events by 3 identities/);
      expect(claude.analysis.workPatterns.map((p) => p.identity)).toEqual(
        report.identities.map((i) => i.identity),
      );
      expect(bedrock.stats.throttled).toBe(1);
      expect(bedrock.stats.modelIds.every((id) => id === PROFILE)).toBe(true);
      // Features, not events: no CloudTrail record field reaches the model.
      for (const prompt of bedrock.stats.prompts)
        expect(prompt).not.toMatch(/requestParameters|userIdentity|eventID/);
    } finally {
      await client.close();
    }
  });

  it('explains the ValidationException of an on-demand base model id', async () => {
    const events = await readCloudTrailFiles(FIXTURE_DIR);
    const analyst = new ClaudeAnalyst({
      modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
      clientConfig: { region: 'ap-northeast-1' },
    });
    const error = await analyst.analyze(analyzeActivity(events)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BedrockModelError);
    expect((error as Error).message).toMatch(/inference profile/);
  });
});
