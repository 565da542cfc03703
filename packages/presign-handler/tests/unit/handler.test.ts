import { ErrorResponse, PresignResponse } from '@mv/chat-log-contract';
import { describe, expect, it } from 'vitest';
import { createHandler, hashApiKey, StructuredLogger } from '../../src/index.js';
import { ALICE_KEY, BOB_KEY, captureLogs, functionUrlEvent } from '../support/events.js';
import { apiKeyHandler, credentials } from '../support/handlers.js';

const alice = { authorization: `Bearer ${ALICE_KEY}` };
const upload = {
  action: 'upload',
  fileName: 'chat.json',
  contentType: 'application/json',
  contentLength: 1234,
};

function errorOf(body: string) {
  return ErrorResponse.parse(JSON.parse(body)).error;
}

describe('presign handler (Function URL events)', () => {
  it('answers an upload with a signed PUT and exactly the headers to send', async () => {
    // Prepare
    const { handler } = apiKeyHandler();
    const checksum = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

    // Act
    const result = await handler(
      functionUrlEvent({ ...upload, checksumSha256: checksum }, { headers: alice }),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['cache-control']).toBe('no-store');
    const body = PresignResponse.parse(JSON.parse(result.body));
    expect(body.method).toBe('PUT');
    expect(body.s3Key).toMatch(/^chat-logs\/alice\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z_chat\.json$/);
    expect(body.headers).toEqual({
      'content-type': 'application/json',
      'content-length': '1234',
      'if-none-match': '*',
      'x-amz-sdk-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': checksum,
      'x-amz-meta-sha256': checksum,
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id':
        'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    const url = new URL(body.presignedUrl);
    expect(url.host).toBe('media-viewer-v209-chat-logs-dev-123456789012.s3.ap-northeast-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      ['host', ...Object.keys(body.headers)].sort(),
    );
    expect(Date.parse(body.expiresAt) - Date.parse(body.timestamp)).toBe(3_600_000);
  });

  it('reads base64-encoded bodies', async () => {
    const { handler } = apiKeyHandler();
    const result = await handler(functionUrlEvent(upload, { headers: alice, base64: true }));
    expect(result.statusCode).toBe(200);
  });

  it('signs a GET with checksum mode for the caller’s own key', async () => {
    const { handler } = apiKeyHandler();
    const s3Key = 'chat-logs/alice/2026-11-23T16:20:00.123000001Z_chat.json';
    const result = await handler(
      functionUrlEvent({ action: 'download', s3Key, expiresIn: 60 }, { headers: alice }),
    );
    expect(result.statusCode).toBe(200);
    const body = PresignResponse.parse(JSON.parse(result.body));
    expect(body).toMatchObject({ method: 'GET', s3Key, headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    expect(new URL(body.presignedUrl).searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it.each([
    ['no Authorization header', {}, 401],
    ['a wrong key', { authorization: 'Bearer not-a-key' }, 401],
    ['a Basic scheme', { authorization: `Basic ${ALICE_KEY}` }, 401],
  ])('refuses %s with 401 and no detail', async (_, headers, status) => {
    const { handler } = apiKeyHandler();
    const result = await handler(functionUrlEvent(upload, { headers }));
    expect(result.statusCode).toBe(status);
    expect(result.headers['www-authenticate']).toBe('Bearer');
    expect(errorOf(result.body)).toEqual({
      code: 'Unauthorized',
      message: 'Missing or invalid credentials',
      requestId: 'req-1',
    });
  });

  it.each([
    [{ ...upload, fileName: undefined }, 'fileName'],
    [{ ...upload, contentLength: -1 }, 'contentLength'],
    [{ ...upload, contentLength: 1.5 }, 'contentLength'],
    [{ ...upload, contentLength: undefined }, 'contentLength'],
    [{ ...upload, checksumSha256: 'abc' }, 'checksumSha256'],
    [{ ...upload, expiresIn: 0 }, 'expiresIn'],
    [{ ...upload, expiresIn: 3601 }, 'expiresIn'],
    [{ ...upload, fileName: '../..' }, 'fileName'],
    [{ ...upload, contentType: 'application/json\r\nx-evil: 1' }, 'contentType'],
    [{ action: 'delete' }, 'action'],
    [{ action: 'download' }, 's3Key'],
    ['{not json', 'body'],
    ['', 'body'],
    [[], 'body'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const { handler } = apiKeyHandler();
    const result = await handler(functionUrlEvent(body, { headers: alice }));
    expect(result.statusCode).toBe(400);
    const error = errorOf(result.body);
    expect(error.code).toBe('BadRequest');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('answers 413 when contentLength is over MAX_UPLOAD_BYTES', async () => {
    const { handler } = apiKeyHandler({ MAX_UPLOAD_BYTES: '1000' });
    const result = await handler(functionUrlEvent(upload, { headers: alice }));
    expect(result.statusCode).toBe(413);
    expect(errorOf(result.body)).toMatchObject({ code: 'PayloadTooLarge', field: 'contentLength' });
  });

  it('answers 415 for a content type that is not allowed, and accepts parameters on allowed ones', async () => {
    const { handler } = apiKeyHandler();
    const refused = await handler(
      functionUrlEvent({ ...upload, contentType: 'text/html' }, { headers: alice }),
    );
    expect(refused.statusCode).toBe(415);
    const accepted = await handler(
      functionUrlEvent({ ...upload, contentType: 'Application/JSON; charset=utf-8' }, { headers: alice }),
    );
    expect(accepted.statusCode).toBe(200);
  });

  it('answers 403 for a download outside the caller’s prefix', async () => {
    const { handler } = apiKeyHandler();
    for (const s3Key of [
      'chat-logs/bob/x.json',
      'chat-logs/alice/../bob/x.json',
      'chat-logs/alice2/x.json',
    ]) {
      const result = await handler(functionUrlEvent({ action: 'download', s3Key }, { headers: alice }));
      expect(result.statusCode).toBe(403);
      expect(errorOf(result.body).code).toBe('Forbidden');
    }
    const bobs = await handler(
      functionUrlEvent(
        { action: 'download', s3Key: 'chat-logs/bob/x.json' },
        { headers: { authorization: `Bearer ${BOB_KEY}` } },
      ),
    );
    expect(bobs.statusCode).toBe(200);
  });

  it('answers 405 with Allow: POST for other methods', async () => {
    const { handler } = apiKeyHandler();
    const result = await handler(functionUrlEvent(upload, { method: 'GET', headers: alice }));
    expect(result.statusCode).toBe(405);
    expect(result.headers.allow).toBe('POST');
  });

  it('answers 403 for an Origin outside ALLOWED_ORIGINS and serves listed ones', async () => {
    const { handler } = apiKeyHandler({ ALLOWED_ORIGINS: 'https://viewer.example.com' });
    const refused = await handler(
      functionUrlEvent(upload, { headers: { ...alice, origin: 'https://evil.example' } }),
    );
    expect(refused.statusCode).toBe(403);
    const allowed = await handler(
      functionUrlEvent(upload, { headers: { ...alice, origin: 'https://viewer.example.com' } }),
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('answers a generic 500 with the request id, and logs the cause without secrets', async () => {
    // Prepare: credentials that fail at signing time
    const logs = captureLogs();
    const handler = createHandler({
      env: {
        S3_BUCKET_NAME: 'chat-bucket',
        AWS_REGION: 'us-east-1',
        AUTH_MODE: 'api-key',
        API_KEYS: `alice:${hashApiKey(ALICE_KEY)}`,
      },
      credentials: async () => {
        throw new Error('instance metadata service unreachable at 169.254.169.254');
      },
      logger: new StructuredLogger({ write: logs.write }),
    });

    // Act
    const result = await handler(functionUrlEvent(upload, { headers: alice }), { awsRequestId: 'aws-req-9' });

    // Assess
    expect(result.statusCode).toBe(500);
    expect(errorOf(result.body)).toEqual({
      code: 'InternalError',
      message: 'Internal error; retry later or quote the requestId',
      requestId: 'aws-req-9',
    });
    expect(result.body).not.toMatch(/169\.254|metadata|stack|at /);
    const logged = logs.lines.map((line) => JSON.parse(line));
    expect(
      logged.some((line) => line.level === 'ERROR' && JSON.stringify(line).includes('metadata service')),
    ).toBe(true);
  });

  it('writes structured JSON logs with no presigned URL, signature or key material', async () => {
    const { handler, logs } = apiKeyHandler();
    await handler(functionUrlEvent(upload, { headers: alice }));
    await handler(functionUrlEvent(upload, { headers: { authorization: 'Bearer wrong' } }));
    expect(logs.lines.length).toBeGreaterThanOrEqual(2);
    for (const line of logs.lines) {
      const entry = JSON.parse(line);
      expect(entry).toMatchObject({ service: 'chat-log-presign', function_request_id: 'req-1' });
      expect(line).not.toMatch(/X-Amz-Signature|X-Amz-Credential|AKIA|wJalr/);
      expect(line).not.toContain(ALICE_KEY);
    }
  });

  it('in iam mode takes the principal from the request context and refuses unsigned requests', async () => {
    const handler = createHandler({
      env: { S3_BUCKET_NAME: 'chat-bucket', AWS_REGION: 'us-east-1', AUTH_MODE: 'iam' },
      credentials,
      logger: new StructuredLogger({ level: 'SILENT' }),
    });
    const unsigned = await handler(functionUrlEvent(upload));
    expect(unsigned.statusCode).toBe(401);
    const signed = await handler(
      functionUrlEvent(upload, {
        iam: {
          accountId: '123456789012',
          userId: 'AROAEXAMPLE:alice',
          userArn: 'arn:aws:sts::123456789012:assumed-role/r/alice',
        },
      }),
    );
    expect(signed.statusCode).toBe(200);
    // The role, not the session name its caller chose: `--role-session-name alice` gains nothing.
    expect(JSON.parse(signed.body).s3Key).toMatch(/^chat-logs\/AROAEXAMPLE\//);
    const mallory = await handler(
      functionUrlEvent(
        { action: 'download', s3Key: JSON.parse(signed.body).s3Key },
        { iam: { userId: 'AROAOTHERROLE:alice', accountId: '123456789012' } },
      ),
    );
    expect(mallory.statusCode).toBe(403);
    const pooled = await handler(
      functionUrlEvent(upload, {
        iam: {
          userId: 'AROAEXAMPLE:CognitoIdentityCredentials',
          cognitoIdentity: { identityId: 'ap-northeast-1:1111-2222' },
        },
      }),
    );
    expect(JSON.parse(pooled.body).s3Key).toMatch(/^chat-logs\/ap-northeast-1%3A1111-2222\//);
  });

  it('with IAM_PRINCIPAL=session files uploads per role session, and refuses other values', async () => {
    const handler = createHandler({
      env: {
        S3_BUCKET_NAME: 'chat-bucket',
        AWS_REGION: 'us-east-1',
        AUTH_MODE: 'iam',
        IAM_PRINCIPAL: 'session',
      },
      credentials,
      logger: new StructuredLogger({ level: 'SILENT' }),
    });
    const signed = await handler(
      functionUrlEvent(upload, { iam: { userId: 'AROAEXAMPLE:alice@example.com' } }),
    );
    expect(JSON.parse(signed.body).s3Key).toMatch(/^chat-logs\/AROAEXAMPLE%3Aalice%40example.com\//);
    expect(() =>
      createHandler({
        env: {
          S3_BUCKET_NAME: 'chat-bucket',
          AWS_REGION: 'us-east-1',
          AUTH_MODE: 'iam',
          IAM_PRINCIPAL: 'user',
        },
      }),
    ).toThrow('IAM_PRINCIPAL');
  });

  it('in none mode warns at cold start and uses the anonymous principal', async () => {
    const logs = captureLogs();
    const handler = createHandler({
      env: { S3_BUCKET_NAME: 'chat-bucket', AWS_REGION: 'us-east-1', AUTH_MODE: 'none' },
      credentials,
      logger: new StructuredLogger({ write: logs.write }),
    });
    expect(JSON.parse(logs.lines[0] ?? '{}')).toMatchObject({ level: 'WARN' });
    const result = await handler(functionUrlEvent(upload));
    expect(JSON.parse(result.body).s3Key).toMatch(/^chat-logs\/anonymous\//);
  });
});
