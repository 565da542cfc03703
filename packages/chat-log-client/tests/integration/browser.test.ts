import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { serveLocally } from '@mv/presign-handler/node';
import { chromiumAvailable, launchChromium, motoAvailable } from '@mv/testing';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_KEY, type ChatLogStack, startChatLogStack } from '../support/stack.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, '..', '..', 'test-results');

// The page a browser app would be: it imports the client bundle and talks to the presign endpoint and to S3
// across origins, so CORS on both (Function URL emulation, bucket CORS) must allow the signed headers.
const page = (endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chat-log client in a browser</title></head>
<body><h1>Media Viewer chat-log upload</h1><pre id="out">running</pre>
<script type="module">
import { ChatLogDownloader, ChatLogUploader } from '/client.js';
const out = document.getElementById('out');
const log = { sessionId: 'browser-1', messages: [{ role: 'user', content: 'ブラウザから保存', timestamp: new Date().toISOString() }] };
try {
  const options = { endpoint: ${JSON.stringify(endpoint)}, token: ${JSON.stringify(ALICE_KEY)} };
  const uploaded = await new ChatLogUploader(options).upload(log, { fileName: 'browser.json' });
  const back = await new ChatLogDownloader(options).downloadLog(uploaded.s3Key);
  window.result = { uploaded, same: JSON.stringify(back) === JSON.stringify(log) };
  out.textContent = 'uploaded ' + uploaded.s3Key + '\\nverified download: ' + window.result.same;
} catch (error) {
  window.result = { error: error.name + ': ' + error.message };
  out.textContent = window.result.error;
}
</script></body></html>`;

const hasParts = motoAvailable() && chromiumAvailable();

describe.skipIf(!hasParts)('ChatLogUploader in headless Chromium against the handler and moto S3', () => {
  let stack: ChatLogStack;
  let site: Server;
  let origin: string;
  let browser: Browser;
  let closePresign: () => Promise<void>;

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [join(here, '..', '..', 'dist', 'index.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      logLevel: 'error',
    });
    const clientJs = bundled.outputFiles[0]!.text;
    let html = '';
    site = createServer((request, response) => {
      if (request.url === '/client.js')
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(clientJs);
      else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    stack = await startChatLogStack({ env: { ALLOWED_ORIGINS: origin } });
    await stack.s3.send(
      new PutBucketCorsCommand({
        Bucket: stack.bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [origin],
              AllowedMethods: ['PUT', 'GET'],
              AllowedHeaders: [
                'content-type',
                'if-none-match',
                'x-amz-checksum-sha256',
                'x-amz-sdk-checksum-algorithm',
                'x-amz-meta-sha256',
                'x-amz-server-side-encryption',
                'x-amz-server-side-encryption-aws-kms-key-id',
                'x-amz-checksum-mode',
              ],
              ExposeHeaders: ['ETag', 'x-amz-version-id', 'x-amz-checksum-sha256', 'x-amz-meta-sha256'],
              MaxAgeSeconds: 300,
            },
          ],
        },
      }),
    );
    const presign = await serveLocally({ handler: stack.handler });
    closePresign = presign.close;
    html = page(presign.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await closePresign?.();
    await stack?.stop();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('uploads with the signed SHA-256 and SSE-KMS headers across origins, and downloads verified', async () => {
    // Act
    const tab = await browser.newPage();
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(
      () => (window as unknown as { result?: unknown }).result !== undefined,
      undefined,
      {
        timeout: 30_000,
      },
    );
    const result = (await tab.evaluate(() => (window as unknown as { result: unknown }).result)) as {
      uploaded?: { s3Key: string; sha256: string; attempts: number };
      same?: boolean;
      error?: string;
    };
    mkdirSync(resultsDir, { recursive: true });
    await tab.screenshot({ path: join(resultsDir, 'chat-log-client-browser.png') });

    // Assess
    expect(result.error).toBeUndefined();
    expect(result.same).toBe(true);
    expect(result.uploaded?.s3Key).toMatch(/^chat-logs\/alice\/.*_browser\.json$/);
    expect(await tab.locator('#out').textContent()).toContain('verified download: true');
    const head = await stack.s3.send(
      new HeadObjectCommand({ Bucket: stack.bucket, Key: result.uploaded!.s3Key, ChecksumMode: 'ENABLED' }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.ChecksumSHA256).toBe(result.uploaded!.sha256);
  });

  it('is refused by the handler from an origin outside ALLOWED_ORIGINS', async () => {
    const response = await fetch(stack.server.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${ALICE_KEY}` },
      body: JSON.stringify({
        action: 'upload',
        fileName: 'a.json',
        contentType: 'application/json',
        contentLength: 1,
      }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(stack.server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
  });
});
