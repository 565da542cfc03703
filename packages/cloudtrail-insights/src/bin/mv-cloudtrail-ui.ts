#!/usr/bin/env node
import { mcpOptionsFromEnv } from '../mcp/optionsFromEnv.js';
import { startWebUi } from '../ui/startWebUi.js';

// Web UI on PORT (default 8501), bound to HOST (default 127.0.0.1). Same environment as mv-cloudtrail-mcp.
async function main(): Promise<void> {
  const options = mcpOptionsFromEnv();
  const ui = await startWebUi({
    ...options,
    port: process.env.PORT ? Number(process.env.PORT) : 8501,
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.error(`mv-cloudtrail-ui on ${ui.url} (source: ${options.provider.kind})`);
  const stop = () => void ui.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`mv-cloudtrail-ui: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
