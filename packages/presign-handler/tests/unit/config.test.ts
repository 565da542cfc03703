import { thrownBy } from '@mv/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PresignEnvironmentSchema } from '../../src/index.js';

const base = { S3_BUCKET_NAME: 'chat-logs-bucket', AWS_REGION: 'ap-northeast-1', AUTH_MODE: 'iam' };

const configError = (env: Record<string, string>) => thrownBy(() => loadConfig(env), ConfigError);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      bucket: 'chat-logs-bucket',
      region: 'ap-northeast-1',
      keyPrefix: 'chat-logs/',
      defaultExpiresSeconds: 3600,
      maxExpiresSeconds: 3600,
      maxUploadBytes: 104857600,
      allowedContentTypes: ['application/json', 'application/x-ndjson', 'text/plain', 'text/markdown'],
      allowedOrigins: undefined,
      kmsKeyId: undefined,
      authMode: 'iam',
      iamPrincipal: 'caller',
    });
  });

  it.each([
    [{ S3_BUCKET_NAME: '' }, 'S3_BUCKET_NAME'],
    [{ S3_BUCKET_NAME: 'Not_A_Bucket' }, 'S3_BUCKET_NAME'],
    [{ AUTH_MODE: '' }, 'AUTH_MODE'],
    [{ AUTH_MODE: 'open' }, 'AUTH_MODE'],
    [{ MAX_EXPIRES_SECONDS: '604801' }, 'MAX_EXPIRES_SECONDS'],
    [{ MAX_EXPIRES_SECONDS: '1h' }, 'MAX_EXPIRES_SECONDS'],
    [{ DEFAULT_EXPIRES_SECONDS: '7200' }, 'DEFAULT_EXPIRES_SECONDS'],
    [{ MAX_UPLOAD_BYTES: '-5' }, 'MAX_UPLOAD_BYTES'],
    [{ ALLOWED_CONTENT_TYPES: 'json' }, 'ALLOWED_CONTENT_TYPES'],
    [{ ALLOWED_ORIGINS: 'example.com' }, 'ALLOWED_ORIGINS'],
    [{ KEY_PREFIX: '/abs/' }, 'KEY_PREFIX'],
    [{ KEY_PREFIX: 'no-slash' }, 'KEY_PREFIX'],
    [{ AUTH_MODE: 'api-key' }, 'API_KEYS'],
    [{ AUTH_MODE: 'cognito' }, 'COGNITO_USER_POOL_ID'],
    [{ AUTH_MODE: 'cognito', COGNITO_USER_POOL_ID: 'us-east-1_abc' }, 'COGNITO_CLIENT_ID'],
  ])('fails at cold start naming the variable for %j', (override, variable) => {
    const error = configError({ ...base, ...override });
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('never defaults to AUTH_MODE=none', () => {
    const { AUTH_MODE: _, ...withoutMode } = base;
    expect(configError(withoutMode).variable).toBe('AUTH_MODE');
  });

  it('parses API_KEYS and never echoes a secret in its errors', () => {
    const hash = 'a'.repeat(64);
    const config = loadConfig({
      ...base,
      AUTH_MODE: 'api-key',
      API_KEYS: `alice:${hash}, bob:${'B'.repeat(64)}`,
    });
    expect(config.apiKeys).toEqual([
      { principal: 'alice', sha256Hex: hash },
      { principal: 'bob', sha256Hex: 'b'.repeat(64) },
    ]);
    const secretish = 'supersecretvalue-not-a-hash';
    const error = configError({ ...base, AUTH_MODE: 'api-key', API_KEYS: `alice:${secretish}` });
    expect(error.variable).toBe('API_KEYS');
    expect(error.message).not.toContain(secretish);
  });

  it('takes the S3 endpoint from the standard AWS_ENDPOINT_URL variables, never the Cognito signing keys', () => {
    expect(loadConfig({ ...base, AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }).s3Endpoint).toBe(
      'http://127.0.0.1:5000',
    );
    const config = loadConfig({
      ...base,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:6000',
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:7000',
    });
    expect(config.s3Endpoint).toBe('http://127.0.0.1:6000');
    // A general endpoint setting must not become the trust anchor for JWT signing keys.
    expect(config.cognitoTestJwksUrl).toBeUndefined();
    expect(
      loadConfig({ ...base, COGNITO_TEST_JWKS_URL: 'http://127.0.0.1:7000/pool/.well-known/jwks.json' })
        .cognitoTestJwksUrl,
    ).toBe('http://127.0.0.1:7000/pool/.well-known/jwks.json');
  });

  it('keeps an empty KEY_PREFIX (the bucket root) while any other empty setting counts as unset', () => {
    // Act
    const config = loadConfig({ ...base, KEY_PREFIX: '', KMS_KEY_ID: '  ', MAX_EXPIRES_SECONDS: '' });
    // Assess
    expect(config.keyPrefix).toBe('');
    expect(config.kmsKeyId).toBeUndefined();
    expect(config.maxExpiresSeconds).toBe(3600);
  });

  it('reads the environment through its zod schema, naming a short MULTIPART_PLAN_SECRET without echoing it', () => {
    // Prepare
    const secret = 'short-but-secret';
    // Act
    const error = configError({ ...base, MULTIPART_PLAN_SECRET: secret });
    const parsed = PresignEnvironmentSchema.safeParse({ ...base, MAX_UPLOAD_BYTES: '1e9' });
    // Assess
    expect(error.variable).toBe('MULTIPART_PLAN_SECRET');
    expect(error.message).not.toContain(secret);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['MAX_UPLOAD_BYTES']);
  });
});
