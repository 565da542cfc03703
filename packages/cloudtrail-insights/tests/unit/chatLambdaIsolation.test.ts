import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from '../support/servers.js';

describe('the agent SDK stays out of the MCP Lambda', () => {
  it('bundles src/lambda.ts without @strands-agents/sdk', async () => {
    // Act
    const { metafile } = await build({
      entryPoints: [join(PACKAGE_DIR, 'src', 'lambda.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    // Assess
    expect(inputs.some((path) => path.includes('src/mcp/createMcpServer.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('@strands-agents'))).toEqual([]);
  });
});
