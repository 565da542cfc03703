import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, StructuredLogger } from '../../src/index.js';
import { functionUrlEvent } from '../support/events.js';
import { credentials } from '../support/handlers.js';

// A token forged with an attacker's key, and an attacker's JWKS server that the general AWS_ENDPOINT_URL settings
// point at: the handler must take signing keys only from the pool's issuer (or the dedicated test-only setting).
const region = 'ap-northeast-1';
const poolId = `${region}_Forged123`;
const clientId = 'viewerclient123';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'attacker', alg: 'RS256', use: 'sig' };

function forgedToken(): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'RS256', kid: 'attacker', typ: 'JWT' })}.${b64({
    sub: 'mallory',
    iss: `https://cognito-idp.${region}.amazonaws.com/${poolId}`,
    client_id: clientId,
    token_use: 'access',
    iat: now,
    exp: now + 600,
  })}`;
  return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
}

/** The handler in cognito mode for the forged pool, with extra settings; and a presign request with a token. */
function cognitoHandler(env: Record<string, string>) {
  const handler = createHandler({
    env: {
      S3_BUCKET_NAME: 'chat-bucket',
      AWS_REGION: region,
      AUTH_MODE: 'cognito',
      COGNITO_USER_POOL_ID: poolId,
      COGNITO_CLIENT_ID: clientId,
      ...env,
    },
    credentials,
    logger: new StructuredLogger({ level: 'SILENT' }),
  });
  return (token: string) =>
    handler(
      functionUrlEvent(
        { action: 'upload', fileName: 'a.json', contentType: 'application/json', contentLength: 2 },
        { headers: { authorization: `Bearer ${token}` } },
      ),
    );
}

describe('Cognito signing keys come from the issuer, never from AWS_ENDPOINT_URL', () => {
  let attacker: Server;
  let endpoint: string;
  let jwksRequests = 0;
  beforeAll(async () => {
    attacker = createServer((_req, res) => {
      jwksRequests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

  it('refuses a token signed with a key served at the general endpoint', async () => {
    // Prepare
    const ask = cognitoHandler({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
    });
    // Act
    const result = await ask(forgedToken());
    // Assess
    expect(result.statusCode).toBe(401);
    expect(jwksRequests).toBe(0);
  });

  it('the dedicated test-only setting is the one way to another key source (and the forged token then passes)', async () => {
    const ask = cognitoHandler({ COGNITO_TEST_JWKS_URL: `${endpoint}/${poolId}/.well-known/jwks.json` });
    const result = await ask(forgedToken());
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).s3Key).toMatch(/^chat-logs\/mallory\//);
  });
});
