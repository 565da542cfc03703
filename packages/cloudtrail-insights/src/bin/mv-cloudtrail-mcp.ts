#!/usr/bin/env node
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from '../mcp/createMcpServer.js';
import { mcpOptionsFromEnv } from '../mcp/optionsFromEnv.js';
import { localServerSettings } from '../mcp/serverEnvironment.js';
import { startMcpHttpServer } from '../mcp/startHttpServer.js';
import { closeOnShutdown } from './shutdown.js';

const HELP = `mv-cloudtrail-mcp: MCP server for CloudTrail developer-behaviour insights

  mv-cloudtrail-mcp            HTTP (Streamable HTTP) on http://127.0.0.1:$PORT/mcp (PORT default 8000, HOST to bind elsewhere)
  mv-cloudtrail-mcp --stdio    stdio transport (for MCP clients that spawn the server)

Environment: CLOUDTRAIL_SOURCE=lookup|s3|files|athena, CLOUDTRAIL_FILES, CLOUDTRAIL_BUCKET, CLOUDTRAIL_PREFIX,
ATHENA_WORKGROUP, ATHENA_DATABASE, ATHENA_TABLE, AWS_REGION, AWS_ACCOUNT_ID, AWS_ENDPOINT_URL_CLOUDTRAIL,
BEDROCK_MODEL_ID, MCP_TOOL_TIME_BUDGET_MS (default 45000: tools answer with truncated=true rather than time out).
HTTP needs MCP_AUTH_MODE=token (with MCP_AUTH_TOKEN or MCP_AUTH_TOKEN_SECRET_ARN) or MCP_AUTH_MODE=none (explicitly
open; the server still binds 127.0.0.1 unless HOST says otherwise). ALLOWED_HOSTS: host names besides loopback.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  const stdio = args.includes('--stdio');
  // stdio has no HTTP caller to authenticate: whoever spawned the process talks to it.
  const options = mcpOptionsFromEnv(stdio ? { MCP_AUTH_MODE: 'none', ...process.env } : process.env);
  if (stdio) {
    // stdout carries the protocol: diagnostics go to stderr only.
    const server = createMcpServer(options);
    // The client ends stdin (or signals) when it is done with the server.
    closeOnShutdown(
      'mv-cloudtrail-mcp',
      () => server.close(),
      options.provider,
      (stop) => process.stdin.once('end', stop),
    );
    await server.connect(new StdioServerTransport());
    return;
  }
  const running = await startMcpHttpServer({ ...options, ...localServerSettings(process.env, 8000) });
  console.error(`mv-cloudtrail-mcp listening on ${running.url}/mcp (auth: ${options.authMode ?? 'none'})`);
  closeOnShutdown('mv-cloudtrail-mcp', () => running.close(), options.provider);
}

main().catch((error: unknown) => {
  console.error(`mv-cloudtrail-mcp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
