import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createMcpServer, filesProvider } from '../../src/index.js';
import { FIXTURE_DIR } from '../support/fixtures.js';

describe('a folder of CloudTrail files with one file that is not CloudTrail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mv-ct-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the MCP tool answers with the file and the reason, not "internal error"', async () => {
    // Prepare
    copyFileSync(join(FIXTURE_DIR, 'aws.defense-evasion.cloudtrail-stop.json'), join(dir, 'stop.json'));
    writeFileSync(join(dir, 'notes.json'), JSON.stringify({ hello: 'not a trail' }));
    const server = createMcpServer({ provider: filesProvider(dir) });
    const client = new Client({ name: 'unit-test', version: '1.0.0' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(a), client.connect(b)]);
    // Act
    const result = (await client.callTool({
      name: 'get_cloudtrail_event_names',
      arguments: {},
    })) as CallToolResult;
    // Assess
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
    expect(result.isError).toBe(true);
    expect(text).toContain('notes.json');
    expect(text).not.toMatch(/internal error/i);
    await client.close();
    await server.close();
  });
});
