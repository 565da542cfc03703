#!/usr/bin/env node
import { mcpOptionsFromEnv } from '../mcp/optionsFromEnv.js';
import { localServerSettings } from '../mcp/serverEnvironment.js';
import { startWebUi } from '../ui/startWebUi.js';
import { closeOnShutdown } from './shutdown.js';

const HELP = `mv-cloudtrail-ui: web UI for CloudTrail developer-behaviour insights

  mv-cloudtrail-ui             serve the UI on http://127.0.0.1:$PORT (PORT default 8501, HOST to bind elsewhere)
  mv-cloudtrail-ui --help      this text

Environment: the sources of mv-cloudtrail-mcp (CLOUDTRAIL_SOURCE, CLOUDTRAIL_FILES, ...; try the bundled real events:
CLOUDTRAIL_FILES=node_modules/@mv/cloudtrail-insights/samples/stratus-red-team), BEDROCK_MODEL_ID, and PUBLIC_ORIGIN
(e.g. https://insights.example.com: the name the page is served under behind a load balancer; other Host names are
refused). Put it behind an authenticating proxy (the template's ALB with Cognito) when it leaves loopback.`;

// Web UI on PORT (default 8501), bound to HOST (default 127.0.0.1).
async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  // The UI serves no MCP endpoint: MCP caller authentication does not apply to it.
  const options = mcpOptionsFromEnv({ MCP_AUTH_MODE: 'none', ...process.env });
  const ui = await startWebUi({ ...options, ...localServerSettings(process.env, 8501) });
  console.error(`mv-cloudtrail-ui on ${ui.url} (source: ${options.provider.kind})`);
  closeOnShutdown('mv-cloudtrail-ui', () => ui.close(), options.provider);
}

main().catch((error: unknown) => {
  console.error(`mv-cloudtrail-ui: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
