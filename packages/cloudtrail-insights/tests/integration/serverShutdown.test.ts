import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitFor } from '@mv/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../support/fixtures.js';
import { childEnv, PACKAGE_DIR, requireBuiltBin, startChildServer } from '../support/servers.js';

const WINDOW = { startTime: '2024-07-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' };
const UI_BIN = join(PACKAGE_DIR, 'dist', 'bin', 'mv-cloudtrail-ui.js');

/** The DuckDB engines' spill folders in `dir` (the child's TMPDIR). */
const spillFolders = (dir: string) =>
  readdirSync(dir).filter((name) => name.startsWith('mv-cloudtrail-duckdb-'));

async function countEventNames(client: Client): Promise<number> {
  const result = (await client.callTool({
    name: 'get_cloudtrail_event_names',
    arguments: WINDOW,
  })) as CallToolResult;
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  return (result.structuredContent as { total: number }).total;
}

// A server on local trail files reads them with DuckDB, which spills to a folder of the OS temporary directory:
// a server that exits without closing its engine leaves that folder (hundreds of MB for a large window) behind.
describe('servers on local trail files remove their DuckDB spill folder when they stop', () => {
  let temp: string;

  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), 'mv-shutdown-'));
  });
  afterEach(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it('the MCP server over HTTP, on SIGTERM', async () => {
    // Prepare
    const server = await startChildServer(requireBuiltBin(), [], {
      CLOUDTRAIL_FILES: FIXTURE_DIR,
      MCP_AUTH_MODE: 'none',
      TMPDIR: temp,
    });
    try {
      const client = new Client({ name: 'shutdown-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
      expect(await countEventNames(client)).toBeGreaterThan(0);
      await client.close();
      expect(spillFolders(temp)).toHaveLength(1);
    } finally {
      // Act
      await server.stop();
    }
    // Assess
    expect(server.child.exitCode, server.stderr()).toBe(0);
    expect(spillFolders(temp)).toEqual([]);
  });

  it('the MCP server over stdio, when its client goes', async () => {
    // Prepare
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [requireBuiltBin(), '--stdio'],
      env: childEnv({ CLOUDTRAIL_FILES: FIXTURE_DIR, TMPDIR: temp }),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'shutdown-test-stdio', version: '1.0.0' });
    await client.connect(transport);
    expect(await countEventNames(client)).toBeGreaterThan(0);
    const pid = transport.pid!;
    expect(spillFolders(temp)).toHaveLength(1);
    // Act
    await client.close();
    // Assess: the process is gone and took its folder with it
    await waitFor(
      async () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      10_000,
      'the stdio server to exit',
    );
    expect(spillFolders(temp)).toEqual([]);
  });

  it('the web UI, on SIGINT', async () => {
    // Prepare
    const ui = await startChildServer(UI_BIN, [], { CLOUDTRAIL_FILES: FIXTURE_DIR, TMPDIR: temp });
    try {
      const response = await fetch(`${ui.url}/api/analysis`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(WINDOW),
      });
      expect(response.status, await response.text()).toBe(200);
      expect(spillFolders(temp)).toHaveLength(1);
      // Act
      const exited = new Promise((resolve) => ui.child.once('exit', resolve));
      ui.child.kill('SIGINT');
      await exited;
    } finally {
      await ui.stop();
    }
    // Assess
    expect(ui.child.exitCode, ui.stderr()).toBe(0);
    expect(spillFolders(temp)).toEqual([]);
  });
});
