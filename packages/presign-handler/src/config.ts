import { DEFAULT_CONTENT_TYPES, mediaType, SINGLE_PUT_LIMIT } from '@mv/chat-log-contract';
import { readEnvironment, s3Endpoint } from '@mv/http-edge';
import * as z from 'zod/mini';
import type { IamPrincipalMode } from './auth/iamAuthenticator.js';
import { ConfigError } from './errors.js';

/** How callers prove who they are. There is no default: `none` must be chosen explicitly. */
export type AuthMode = 'api-key' | 'cognito' | 'iam' | 'none';

/** One configured API key: the principal it stands for and the SHA-256 (hex) of the key itself. */
export interface ApiKeyEntry {
  principal: string;
  sha256Hex: string;
}

/** Everything the handler needs, resolved and checked. Built from the environment by {@link loadConfig}. */
export interface PresignHandlerConfig {
  bucket: string;
  region: string;
  /** SSE-KMS with this key on every upload when set. */
  kmsKeyId: string | undefined;
  keyPrefix: string;
  defaultExpiresSeconds: number;
  maxExpiresSeconds: number;
  maxUploadBytes: number;
  /** Largest object a multipart upload may announce (MAX_MULTIPART_BYTES, default and cap: S3's 5 TiB). */
  maxMultipartBytes: number;
  /**
   * MULTIPART_PLAN_SECRET: the key that signs multipart upload plans, shared by every instance. Unset: a random key
   * per process, so a plan only holds on the instance that issued it (fine locally, not behind several instances).
   */
  multipartPlanSecret?: Uint8Array | undefined;
  allowedContentTypes: readonly string[];
  /** Requests whose `Origin` header is not listed are refused; `undefined` allows any. */
  allowedOrigins: readonly string[] | undefined;
  authMode: AuthMode;
  /** AUTH_MODE=iam: `caller` (default: the IAM user or role) or `session` (one prefix per role session). */
  iamPrincipal: IamPrincipalMode;
  apiKeys: readonly ApiKeyEntry[];
  cognito: { userPoolId: string; clientId: string[] | null; tokenUse: 'access' | 'id' } | undefined;
  /** Custom S3 endpoint (AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL): path-style URLs on it. */
  s3Endpoint: string | undefined;
  /** TEST ONLY (COGNITO_TEST_JWKS_URL): where the Cognito signing keys are read instead of the pool's issuer. */
  cognitoTestJwksUrl: string | undefined;
}

/** The settings' environment variable names, as the design documents name them. */
export type PresignEnvironment = Partial<Record<string, string | undefined>>;

/** Upper bound AWS puts on a SigV4 presigned URL: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;
export const DEFAULTS = {
  keyPrefix: 'chat-logs/',
  defaultExpiresSeconds: 3600,
  maxExpiresSeconds: 3600,
  maxUploadBytes: SINGLE_PUT_LIMIT,
  maxMultipartBytes: 5 * 1024 ** 4,
  allowedContentTypes: DEFAULT_CONTENT_TYPES,
} as const;

const AUTH_MODES = ['api-key', 'cognito', 'iam', 'none'] as const;
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;
const ORIGIN = /^https?:\/\/[^/\s]+$/;

/** `a, b,,c` -> `['a', 'b', 'c']`. */
const items = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const whole = (min: number, max: number) =>
  z.optional(
    z
      .string()
      .check(
        z.refine(
          (v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max,
          `must be a whole number from ${min} to ${max}`,
        ),
      ),
  );

const list = (valid: (item: string) => boolean, what: string) =>
  z.optional(
    z.string().check(z.refine((v) => items(v).length > 0 && items(v).every(valid), `must list ${what}`)),
  );

/**
 * The presign function's environment as a zod schema: each setting's own rule, checked at cold start by
 * `readEnvironment` (a `ConfigError` naming the first wrong variable; values are never echoed). The rules between
 * settings (what each AUTH_MODE needs) are {@link loadConfig}'s.
 */
export const PresignEnvironmentSchema = z.object({
  S3_BUCKET_NAME: z
    .string({ error: 'is required (the chat-log bucket name)' })
    .check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not a valid S3 bucket name')),
  AWS_REGION: z.optional(z.string()),
  AWS_DEFAULT_REGION: z.optional(z.string()),
  KEY_PREFIX: z.optional(
    z
      .string()
      .check(
        z.refine(
          (v) => v === '' || (v.endsWith('/') && !v.startsWith('/') && !v.includes('..')),
          'must be empty or a relative prefix ending in "/", e.g. chat-logs/',
        ),
      ),
  ),
  KMS_KEY_ID: z.optional(z.string()),
  MAX_EXPIRES_SECONDS: whole(1, MAX_PRESIGN_SECONDS),
  DEFAULT_EXPIRES_SECONDS: whole(1, MAX_PRESIGN_SECONDS),
  MAX_UPLOAD_BYTES: whole(1, 5 * 1024 ** 3),
  MAX_MULTIPART_BYTES: whole(1, DEFAULTS.maxMultipartBytes),
  // A secret: the message says what is expected, never the value.
  MULTIPART_PLAN_SECRET: z.optional(
    z.string().check(z.minLength(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)')),
  ),
  ALLOWED_CONTENT_TYPES: list((v) => MEDIA_TYPE.test(mediaType(v)), 'media types such as application/json'),
  ALLOWED_ORIGINS: list(
    (v) => v === '*' || ORIGIN.test(v.replace(/\/+$/, '')),
    'origins such as https://example.com',
  ),
  AUTH_MODE: z.enum(AUTH_MODES, {
    error: `is required: one of ${AUTH_MODES.join(', ')} (none must be explicit)`,
  }),
  IAM_PRINCIPAL: z.optional(
    z.enum(['caller', 'session'], { error: 'must be caller (the IAM user or role, default) or session' }),
  ),
  API_KEYS: z.optional(z.string()),
  COGNITO_USER_POOL_ID: z.optional(
    z
      .string()
      .check(
        z.regex(/^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/, 'must be a user pool id, e.g. ap-northeast-1_AbCdEf'),
      ),
  ),
  COGNITO_CLIENT_ID: list(() => true, 'app client ids, comma-separated'),
  COGNITO_TOKEN_USE: z.optional(z.enum(['access', 'id'], { error: 'must be access or id' })),
  COGNITO_TEST_JWKS_URL: z.optional(z.string()),
});

function parseApiKeys(raw: string | undefined): ApiKeyEntry[] {
  if (raw === undefined) {
    throw new ConfigError('API_KEYS', 'is required when AUTH_MODE=api-key (name:<sha256 hex of key>,...)');
  }
  const seen = new Set<string>();
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item, index) => {
      const colon = item.lastIndexOf(':');
      const principal = item.slice(0, colon).trim();
      const hash = item
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      // Never echo the entry: it is (a hash of) a secret.
      if (colon <= 0 || !/^[A-Za-z0-9._@+-]{1,128}$/.test(principal)) {
        throw new ConfigError(
          'API_KEYS',
          `entry ${index + 1} must be name:<sha256 hex>, name of [A-Za-z0-9._@+-]`,
        );
      }
      if (!/^[0-9a-f]{64}$/.test(hash)) {
        throw new ConfigError(
          'API_KEYS',
          `entry ${index + 1} (${principal}) must carry a 64-digit SHA-256 hex`,
        );
      }
      if (seen.has(principal)) throw new ConfigError('API_KEYS', `principal ${principal} is listed twice`);
      seen.add(principal);
      return { principal, sha256Hex: hash };
    });
}

/**
 * Reads and checks the handler's settings through {@link PresignEnvironmentSchema}. Throws {@link ConfigError}
 * naming the variable on the first bad or missing one, so a misconfigured function fails at cold start instead of
 * at the first caller.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: PresignEnvironment): PresignHandlerConfig {
  // An empty KEY_PREFIX means the bucket's root; for every other setting empty is unset.
  const e = readEnvironment(PresignEnvironmentSchema, env, { keepEmpty: ['KEY_PREFIX'] });
  const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION;
  if (region === undefined)
    throw new ConfigError('AWS_REGION', 'is required (Lambda sets it; set it when local)');
  const maxExpiresSeconds = Number(e.MAX_EXPIRES_SECONDS ?? DEFAULTS.maxExpiresSeconds);
  const defaultExpiresSeconds = Number(
    e.DEFAULT_EXPIRES_SECONDS ?? Math.min(DEFAULTS.defaultExpiresSeconds, maxExpiresSeconds),
  );
  if (defaultExpiresSeconds > maxExpiresSeconds)
    throw new ConfigError(
      'DEFAULT_EXPIRES_SECONDS',
      `must be at most MAX_EXPIRES_SECONDS (${maxExpiresSeconds})`,
    );
  let cognito: PresignHandlerConfig['cognito'];
  if (e.AUTH_MODE === 'cognito') {
    if (e.COGNITO_USER_POOL_ID === undefined)
      throw new ConfigError(
        'COGNITO_USER_POOL_ID',
        'is required when AUTH_MODE=cognito, e.g. ap-northeast-1_AbCdEf',
      );
    if (e.COGNITO_CLIENT_ID === undefined)
      throw new ConfigError(
        'COGNITO_CLIENT_ID',
        'is required when AUTH_MODE=cognito (comma-separated app clients)',
      );
    const clientId = items(e.COGNITO_CLIENT_ID);
    cognito = { userPoolId: e.COGNITO_USER_POOL_ID, clientId, tokenUse: e.COGNITO_TOKEN_USE ?? 'access' };
  }
  return {
    bucket: e.S3_BUCKET_NAME,
    region,
    kmsKeyId: e.KMS_KEY_ID,
    keyPrefix: e.KEY_PREFIX ?? DEFAULTS.keyPrefix,
    defaultExpiresSeconds,
    maxExpiresSeconds,
    maxUploadBytes: Number(e.MAX_UPLOAD_BYTES ?? DEFAULTS.maxUploadBytes),
    maxMultipartBytes: Number(e.MAX_MULTIPART_BYTES ?? DEFAULTS.maxMultipartBytes),
    multipartPlanSecret:
      e.MULTIPART_PLAN_SECRET === undefined ? undefined : new TextEncoder().encode(e.MULTIPART_PLAN_SECRET),
    allowedContentTypes: e.ALLOWED_CONTENT_TYPES
      ? items(e.ALLOWED_CONTENT_TYPES).map(mediaType)
      : [...DEFAULTS.allowedContentTypes],
    allowedOrigins: e.ALLOWED_ORIGINS
      ? items(e.ALLOWED_ORIGINS).map((o) => o.replace(/\/+$/, ''))
      : undefined,
    authMode: e.AUTH_MODE,
    iamPrincipal: e.IAM_PRINCIPAL ?? 'caller',
    apiKeys: e.AUTH_MODE === 'api-key' ? parseApiKeys(e.API_KEYS) : [],
    cognito,
    s3Endpoint: s3Endpoint(env),
    // Deliberately not AWS_ENDPOINT_URL*: a general endpoint setting must not choose the token signing keys.
    cognitoTestJwksUrl: e.COGNITO_TEST_JWKS_URL,
  };
}
