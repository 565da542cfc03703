// The chat-log system on embedded local parts, no AWS account: s3rver plays S3, the presign handler runs behind
// the local HTTP adapter that stands in for its Function URL. Used by the demo and the examples' smoke tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandler, hashApiKey } from '@mv/presign-handler';
import { serveLocally } from '@mv/presign-handler/node';
import S3rver from 's3rver';

export const BUCKET = 'media-viewer-v209-chat-logs-local-000000000000';

/**
 * Starts s3rver and the presign handler on 127.0.0.1 (free ports) and returns what a client needs.
 * @param {{ logLevel?: string }} [options]
 */
export async function startLocalChatLogStack(options = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'mv-s3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3rver.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  const token = randomBytes(24).toString('base64url');
  const handler = createHandler({
    env: {
      S3_BUCKET_NAME: BUCKET,
      AWS_REGION: 'us-east-1',
      AUTH_MODE: 'api-key',
      API_KEYS: `media-viewer:${hashApiKey(token)}`,
      AWS_ENDPOINT_URL_S3: s3Endpoint,
      LOG_LEVEL: options.logLevel ?? 'WARN',
    },
    // s3rver's fixed development credentials; it does not check signatures (real S3 does).
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const server = await serveLocally({ handler });
  return {
    endpoint: server.url,
    token,
    s3Endpoint,
    bucket: BUCKET,
    async stop() {
      await server.close();
      await s3rver.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
