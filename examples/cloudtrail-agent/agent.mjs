// A Strands agent that predicts developer behaviour through the CloudTrail insights MCP server.
// The MCP server runs here on 127.0.0.1 over the bundled real events (or your own: CLOUDTRAIL_FILES, or
// CLOUDTRAIL_SOURCE=lookup with AWS credentials). The agent's tools are the MCP server's tools, via McpClient.
// Without AWS credentials or BEDROCK_MODEL_ID, it runs the deterministic analysis through the same MCP tools and
// says why the Claude part was skipped.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import {
  AGENT_SYSTEM_PROMPT,
  filesProvider,
  mcpOptionsFromEnv,
  startMcpHttpServer,
} from '@mv/cloudtrail-insights';
import { Agent, BedrockModel, McpClient } from '@strands-agents/sdk';

const check = process.argv.includes('--check');

/** The real CloudTrail events shipped with the package (Stratus Red Team detonations, Apache-2.0). */
function dataDir() {
  return dirname(
    fileURLToPath(import.meta.resolve('@mv/cloudtrail-insights/samples/stratus-red-team/README.md')),
  );
}

/** Why Claude cannot run here, or undefined when it can. */
async function claudeUnavailable() {
  if (!process.env.BEDROCK_MODEL_ID)
    return 'BEDROCK_MODEL_ID is not set (use an inference-profile id such as apac.anthropic.claude-sonnet-4-...)';
  try {
    const client = new BedrockRuntimeClient({});
    await client.config.region();
    await Promise.race([
      client.config.credentials(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('timed out looking for credentials')), 5000),
      ),
    ]);
    return undefined;
  } catch (error) {
    return `no usable AWS credentials or Region (${error instanceof Error ? error.message.split('\n')[0] : error})`;
  }
}

const options =
  process.env.CLOUDTRAIL_SOURCE || process.env.CLOUDTRAIL_FILES
    ? // The MCP server below is this process's own, on a free loopback port: open to this process only.
      mcpOptionsFromEnv({ MCP_AUTH_MODE: 'none', ...process.env })
    : { provider: filesProvider(dataDir()), authMode: 'none' };
const server = await startMcpHttpServer({ ...options, port: 0 });
const mcp = new McpClient({ url: `${server.url}/mcp`, applicationName: 'cloudtrail-agent-example' });
let failed = false;
try {
  const tools = await mcp.listTools();
  console.log(
    `MCP server ${server.url}/mcp (${options.provider.kind}) offers: ${tools.map((t) => t.name).join(', ')}`,
  );
  const reason = await claudeUnavailable();
  if (reason === undefined) {
    const agent = new Agent({
      model: new BedrockModel({ modelId: process.env.BEDROCK_MODEL_ID, maxTokens: 2048 }),
      tools: [mcp],
      systemPrompt: AGENT_SYSTEM_PROMPT,
      printer: false,
    });
    const question =
      process.argv.slice(2).find((a) => !a.startsWith('--')) ??
      'Which developers are active in this data, when do they work, what will they most likely do next, and what is risky?';
    const result = await agent.invoke(question);
    console.log(`\nClaude (${process.env.BEDROCK_MODEL_ID}) via Strands:\n${String(result)}`);
  } else {
    console.log(
      `\nClaude part skipped: ${reason}. Running the deterministic analysis through the same MCP tools instead.`,
    );
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const call = async (name, args) => {
      const result = await mcp.callTool(byName[name], args);
      const text = result?.content?.[0]?.text ?? JSON.stringify(result);
      if (result?.isError) throw new Error(`${name}: ${text}`);
      return JSON.parse(text);
    };
    const names = await call('get_cloudtrail_event_names', {});
    console.log(
      `\n${names.total} events; top calls: ${names.eventNames
        .slice(0, 5)
        .map((c) => `${c.key} ${c.count}`)
        .join(', ')}`,
    );
    const analysis = await call('analyze_developer_activity', { maxIdentities: 3, useClaude: false });
    for (const who of analysis.report.identities) {
      const next = who.predictedNext
        .slice(0, 3)
        .map((p) => `${p.eventName} ${(p.probability * 100).toFixed(0)}%`);
      const risky = who.anomalies.filter((a) => a.severity === 'high').map((a) => a.detail);
      console.log(
        `- ${who.identity}: ${who.events} calls, peak UTC hours ${who.activeHours.peakHoursUtc.join('/')}; next: ${next.join(', ')}`,
      );
      if (risky.length)
        console.log(
          `    high-risk: ${risky.slice(0, 4).join('; ')}${risky.length > 4 ? ` (+${risky.length - 4})` : ''}`,
        );
    }
    const top = analysis.report.identities[0]?.identity;
    const policy = await call('suggest_least_privilege_policy', { identity: top });
    console.log(
      `\nSuggested policy for ${top}: ${policy.policy.Statement.flatMap((s) => s.Action).length} actions in ${policy.policy.Statement.length} statements`,
    );
    if (check && (names.total === 0 || analysis.report.identities.length === 0)) failed = true;
  }
} catch (error) {
  console.error(`agent example failed: ${error instanceof Error ? error.message : error}`);
  failed = true;
} finally {
  await mcp.disconnect();
  await server.close();
}
if (failed) process.exit(1);
if (check) console.log('\nsmoke test passed');
