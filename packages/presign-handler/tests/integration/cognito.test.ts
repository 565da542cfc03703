import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ErrorResponse, PresignResponse } from '@mv/chat-log-contract';
import { type MotoServer, motoAvailable, motoCredentials, startMoto } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, StructuredLogger } from '../../src/index.js';
import { type LocalServer, serveLocally } from '../../src/node.js';
import { functionUrlEvent } from '../support/events.js';
import { credentials } from '../support/handlers.js';

describe.skipIf(!motoAvailable())('AUTH_MODE=cognito with tokens issued by moto cognito-idp', () => {
  let moto: MotoServer;
  let server: LocalServer;
  let handler: ReturnType<typeof createHandler>;
  let accessToken: string;
  let idToken: string;
  let sub: string;

  beforeAll(async () => {
    moto = await startMoto();
    const cognito = new CognitoIdentityProviderClient({ ...motoCredentials, endpoint: moto.endpoint });
    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'media-viewer' }));
    const poolId = pool.UserPool!.Id!;
    const client = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'viewer',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = client.UserPoolClient!.ClientId!;
    const user = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'alice@example.com',
        MessageAction: 'SUPPRESS',
      }),
    );
    sub = user.User!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'alice@example.com',
        Password: 'Sup3r-secret!',
        Permanent: true,
      }),
    );
    const auth = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'alice@example.com', PASSWORD: 'Sup3r-secret!' },
      }),
    );
    accessToken = auth.AuthenticationResult!.AccessToken!;
    idToken = auth.AuthenticationResult!.IdToken!;
    cognito.destroy();
    handler = createHandler({
      env: {
        S3_BUCKET_NAME: 'chat-bucket',
        AWS_REGION: motoCredentials.region,
        AUTH_MODE: 'cognito',
        COGNITO_USER_POOL_ID: poolId,
        COGNITO_CLIENT_ID: clientId,
        // Test-only: the signing keys of moto's pool (never taken from AWS_ENDPOINT_URL*).
        COGNITO_TEST_JWKS_URL: `${moto.endpoint}/${poolId}/.well-known/jwks.json`,
      },
      credentials,
      logger: new StructuredLogger({ level: 'SILENT' }),
    });
    server = await serveLocally({ handler });
  });
  afterAll(async () => {
    await server?.close();
    await moto?.stop();
  });

  const uploadRequest = {
    action: 'upload',
    fileName: 'a.json',
    contentType: 'application/json',
    contentLength: 2,
  };
  /** POSTs the request to the served handler, as a caller on the network would. */
  const post = (headers: Record<string, string>) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(uploadRequest),
    });

  it('accepts a valid access token and files the upload under the user’s sub', async () => {
    const response = await post({ authorization: `Bearer ${accessToken}` });

    expect(response.status).toBe(200);
    const presigned = PresignResponse.parse(await response.json());
    expect(presigned.s3Key.startsWith(`chat-logs/${sub}/`)).toBe(true);
  });

  it.each([
    ['an id token where an access token is required', () => idToken],
    [
      'a token with a flipped signature byte',
      () => `${accessToken.slice(0, -3)}${accessToken.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`,
    ],
    [
      'a token with a forged payload',
      () => {
        const [h, p, s] = accessToken.split('.');
        const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
        payload.sub = 'someone-else';
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
    ],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with 401', async (_, token) => {
    const result = await handler(
      functionUrlEvent(uploadRequest, { headers: { authorization: `Bearer ${token()}` } }),
    );
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body).error.message).toBe('Missing or invalid credentials');
  });

  it('answers a request without a token with 401 in the one error body, over the network', async () => {
    const response = await post({});

    expect(response.status).toBe(401);
    const body = ErrorResponse.parse(await response.json());
    expect(body.error.code).toBe('Unauthorized');
  });
});
