// Smoke test of the bundled Lambda: invoke dist/index.mjs the way Lambda does, with real Function URL events.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

const key = 'smoke-test-key';
Object.assign(process.env, {
  S3_BUCKET_NAME: 'media-viewer-v209-chat-logs-dev-123456789012',
  AWS_REGION: 'ap-northeast-1',
  AUTH_MODE: 'api-key',
  API_KEYS: `alice:${createHash('sha256').update(key).digest('hex')}`,
  KMS_KEY_ID: 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE00',
  AWS_SECRET_ACCESS_KEY: 'example-secret',
  AWS_SESSION_TOKEN: 'example-session-token',
  LOG_LEVEL: 'ERROR',
});
const { handler } = await import('./dist/index.mjs');
const event = (body, headers = {}) => ({
  version: '2.0',
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body)).toString('base64'),
  isBase64Encoded: true,
  requestContext: { requestId: 'smoke', http: { method: 'POST' } },
});

const ok = await handler(
  event(
    { action: 'upload', fileName: 'chat.json', contentType: 'application/json', contentLength: 10 },
    { authorization: `Bearer ${key}` },
  ),
  { awsRequestId: 'smoke-1' },
);
assert.equal(ok.statusCode, 200, ok.body);
const body = JSON.parse(ok.body);
assert.match(body.s3Key, /^chat-logs\/alice\//);
const url = new URL(body.presignedUrl);
assert.equal(url.host, 'media-viewer-v209-chat-logs-dev-123456789012.s3.ap-northeast-1.amazonaws.com');
assert.equal(url.searchParams.get('X-Amz-Security-Token'), 'example-session-token');
assert.equal(body.headers['x-amz-server-side-encryption'], 'aws:kms');

const denied = await handler(event({ action: 'upload' }), { awsRequestId: 'smoke-2' });
assert.equal(denied.statusCode, 401);
assert.deepEqual(JSON.parse(denied.body).error.requestId, 'smoke-2');
console.log('presign-lambda example: re-exported handler answers 200 and 401 as expected');
