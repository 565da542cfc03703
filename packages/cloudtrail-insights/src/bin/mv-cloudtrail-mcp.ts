#!/usr/bin/env node
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from '../mcp/createMcpServer.js';
import { mcpOptionsFromEnv } from '../mcp/optionsFromEnv.js';
import { startMcpHttpServer } from '../mcp/startHttpServer.js';

const HELP = `mv-cloudtrail-mcp: MCP server for CloudTrail developer-behaviour insights

  mv-cloudtrail-mcp            HTTP (Streamable HTTP) on http://127.0.0.1:$PORT/mcp (PORT default 8000, HOST to bind elsewhere)
  mv-cloudtrail-mcp --stdio    stdio transport (for MCP clients that spawn the server)

Environment: CLOUDTRAIL_SOURCE=lookup|s3|files, CLOUDTRAIL_FILES, CLOUDTRAIL_BUCKET, CLOUDTRAIL_PREFIX,
AWS_REGION, AWS_ACCOUNT_ID, AWS_ENDPOINT_URL_CLOUDTRAIL, BEDROCK_MODEL_ID, MCP_AUTH_TOKEN (HTTP bearer token),
MCP_TOOL_TIME_BUDGET_MS (default 45000: tools answer with truncated=true rather than time out).`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  const options = mcpOptionsFromEnv();
  if (args.includes('--stdio')) {
    // stdout carries the protocol: diagnostics go to stderr only.
    const server = createMcpServer(options);
    await server.connect(new StdioServerTransport());
    return;
  }
  const running = await startMcpHttpServer({
    ...options,
    port: process.env.PORT ? Number(process.env.PORT) : 8000,
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.error(
    `mv-cloudtrail-mcp listening on ${running.url}/mcp${options.bearerToken ? ' (bearer token required)' : ''}`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`mv-cloudtrail-mcp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
