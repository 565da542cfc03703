import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../src/index.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';
import { PACKAGE_DIR } from '../support/servers.js';

describe('the deployable Lambda bundle (bundle-lambda.mjs)', () => {
  const out = mkdtempSync(join(tmpdir(), 'ct-lambda-'));
  const saved = {
    files: process.env.CLOUDTRAIL_FILES,
    mode: process.env.MCP_INVOKE_MODE,
    tmp: process.env.TMPDIR,
  };
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    if (saved.tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved.tmp;
    if (saved.files === undefined) delete process.env.CLOUDTRAIL_FILES;
    else process.env.CLOUDTRAIL_FILES = saved.files;
    if (saved.mode === undefined) delete process.env.MCP_INVOKE_MODE;
    else process.env.MCP_INVOKE_MODE = saved.mode;
    delete process.env.MCP_AUTH_MODE;
  });

  it('bundles into one file whose handler answers MCP calls from its environment', async () => {
    // Prepare: bundle as a deployment would, then load it as the Lambda runtime would (ESM, handler export).
    execFileSync(process.execPath, [join(PACKAGE_DIR, 'bundle-lambda.mjs'), out], { stdio: 'pipe' });
    process.env.CLOUDTRAIL_FILES = FIXTURE_DIR;
    process.env.MCP_INVOKE_MODE = 'BUFFERED';
    // The function's DuckDB engine lives as long as its container, as in Lambda: its spill folder goes in `out`.
    process.env.TMPDIR = out;
    const { handler } = (await import(pathToFileURL(join(out, 'lambda.mjs')).href)) as {
      handler: (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;
    };
    const call = (iam?: { userArn: string }) =>
      handler({
        rawPath: '/mcp',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'get_cloudtrail_event_names', arguments: {} },
        }),
        requestContext: { http: { method: 'POST' }, ...(iam ? { authorizer: { iam } } : {}) },
      });
    // Act / Assess: fail closed without an auth setting (the cold start fails, naming it)...
    delete process.env.MCP_AUTH_MODE;
    await expect(call()).rejects.toThrow(/MCP_AUTH_MODE/);
    // ...then as the template deploys it: Function URL AuthType AWS_IAM, so Lambda puts the verified caller in.
    process.env.MCP_AUTH_MODE = 'iam';
    expect((await call()).statusCode).toBe(401);
    const result = await call({ userArn: 'arn:aws:iam::123456789012:user/alice' });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).result.structuredContent.total).toBe(rawRecords(FIXTURE_DIR).length);
  });
});
