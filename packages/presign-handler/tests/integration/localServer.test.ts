import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, handler, hashApiKey } from '../../src/index.js';
import { type LocalServer, serveLocally } from '../../src/node.js';

// The README's `export { handler } from '@mv/presign-handler'` served locally: it must either work or fail at start
// with the ConfigError that names the variable (it used to answer 500 to every request and log nothing).
describe('serveLocally({ handler }) with the ready-made handler', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    vi.unstubAllEnvs();
  });

  it('fails at start, naming the missing setting, when the environment is not configured', async () => {
    vi.stubEnv('S3_BUCKET_NAME', '');
    await expect(serveLocally({ handler })).rejects.toThrow(ConfigError);
    await expect(serveLocally({ handler })).rejects.toThrow(/S3_BUCKET_NAME/);
  });

  it('answers 401 to a wrong token and 200 with a presigned URL to the right one', async () => {
    // Prepare
    vi.stubEnv('S3_BUCKET_NAME', 'chat-bucket');
    vi.stubEnv('AWS_REGION', 'ap-northeast-1');
    vi.stubEnv('AUTH_MODE', 'api-key');
    vi.stubEnv('API_KEYS', `alice:${hashApiKey('right-key')}`);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    vi.stubEnv('LOG_LEVEL', 'SILENT');
    server = await serveLocally({ handler });
    const ask = (token: string) =>
      fetch(server!.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'upload',
          fileName: 'a.json',
          contentType: 'application/json',
          contentLength: 2,
        }),
      });
    // Act
    const wrong = await ask('wrong-key');
    const right = await ask('right-key');
    // Assess
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('Unauthorized');
    expect(right.status).toBe(200);
    expect((await right.json()).s3Key).toMatch(/^chat-logs\/alice\//);
  });
});
