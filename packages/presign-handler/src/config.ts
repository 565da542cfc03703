import { DEFAULT_CONTENT_TYPES, mediaType, SINGLE_PUT_LIMIT } from '@mv/chat-log-client/contract';
import { s3Endpoint } from '@mv/http-edge';
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

const AUTH_MODES: readonly AuthMode[] = ['api-key', 'cognito', 'iam', 'none'];

function trimmed(env: PresignEnvironment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: PresignEnvironment, name: string, fallback: number, min: number, max: number): number {
  const raw = trimmed(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw.slice(0, 32)}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function list(env: PresignEnvironment, name: string): string[] | undefined {
  const raw = trimmed(env, name);
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new ConfigError(name, 'must list at least one value');
  return items;
}

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
 * Reads and checks the handler's settings. Throws {@link ConfigError} naming the variable on the first bad or
 * missing one, so a misconfigured function fails at cold start instead of at the first caller.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: PresignEnvironment): PresignHandlerConfig {
  const bucket = trimmed(env, 'S3_BUCKET_NAME');
  if (bucket === undefined) throw new ConfigError('S3_BUCKET_NAME', 'is required (the chat-log bucket name)');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET_NAME', `"${bucket.slice(0, 70)}" is not a valid S3 bucket name`);
  }
  const region = trimmed(env, 'AWS_REGION') ?? trimmed(env, 'AWS_DEFAULT_REGION');
  if (region === undefined)
    throw new ConfigError('AWS_REGION', 'is required (Lambda sets it; set it when local)');

  const keyPrefix = env.KEY_PREFIX ?? DEFAULTS.keyPrefix;
  if (
    keyPrefix !== '' &&
    (!keyPrefix.endsWith('/') || keyPrefix.startsWith('/') || keyPrefix.includes('..'))
  ) {
    throw new ConfigError('KEY_PREFIX', 'must be empty or a relative prefix ending in "/", e.g. chat-logs/');
  }

  const maxExpiresSeconds = integer(
    env,
    'MAX_EXPIRES_SECONDS',
    DEFAULTS.maxExpiresSeconds,
    1,
    MAX_PRESIGN_SECONDS,
  );
  const defaultExpiresSeconds = integer(
    env,
    'DEFAULT_EXPIRES_SECONDS',
    Math.min(DEFAULTS.defaultExpiresSeconds, maxExpiresSeconds),
    1,
    maxExpiresSeconds,
  );
  const maxUploadBytes = integer(env, 'MAX_UPLOAD_BYTES', DEFAULTS.maxUploadBytes, 1, 5 * 1024 ** 3);
  const maxMultipartBytes = integer(
    env,
    'MAX_MULTIPART_BYTES',
    DEFAULTS.maxMultipartBytes,
    1,
    DEFAULTS.maxMultipartBytes,
  );
  const planSecret = trimmed(env, 'MULTIPART_PLAN_SECRET');
  if (planSecret !== undefined && planSecret.length < 32) {
    // Never echo the value: it is a secret.
    throw new ConfigError(
      'MULTIPART_PLAN_SECRET',
      'must be at least 32 characters (e.g. openssl rand -base64 32)',
    );
  }
  const allowedContentTypes = (list(env, 'ALLOWED_CONTENT_TYPES') ?? [...DEFAULTS.allowedContentTypes]).map(
    mediaType,
  );
  for (const type of allowedContentTypes) {
    if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) {
      throw new ConfigError('ALLOWED_CONTENT_TYPES', `"${type.slice(0, 64)}" is not a media type`);
    }
  }
  const allowedOrigins = list(env, 'ALLOWED_ORIGINS')?.map((origin) => origin.replace(/\/+$/, ''));
  for (const origin of allowedOrigins ?? []) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        'ALLOWED_ORIGINS',
        `"${origin.slice(0, 64)}" is not an origin like https://example.com`,
      );
    }
  }

  const rawMode = trimmed(env, 'AUTH_MODE');
  if (rawMode === undefined) {
    throw new ConfigError(
      'AUTH_MODE',
      `is required: one of ${AUTH_MODES.join(', ')} (none must be explicit)`,
    );
  }
  if (!AUTH_MODES.includes(rawMode as AuthMode)) {
    throw new ConfigError(
      'AUTH_MODE',
      `must be one of ${AUTH_MODES.join(', ')}, got "${rawMode.slice(0, 32)}"`,
    );
  }
  const authMode = rawMode as AuthMode;

  let cognito: PresignHandlerConfig['cognito'];
  if (authMode === 'cognito') {
    const userPoolId = trimmed(env, 'COGNITO_USER_POOL_ID');
    if (userPoolId === undefined || !/^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/.test(userPoolId)) {
      throw new ConfigError(
        'COGNITO_USER_POOL_ID',
        'is required when AUTH_MODE=cognito, e.g. ap-northeast-1_AbCdEf',
      );
    }
    const tokenUse = trimmed(env, 'COGNITO_TOKEN_USE') ?? 'access';
    if (tokenUse !== 'access' && tokenUse !== 'id') {
      throw new ConfigError('COGNITO_TOKEN_USE', 'must be access or id');
    }
    const clientIds = list(env, 'COGNITO_CLIENT_ID');
    if (clientIds === undefined) {
      throw new ConfigError(
        'COGNITO_CLIENT_ID',
        'is required when AUTH_MODE=cognito (comma-separated app clients)',
      );
    }
    cognito = { userPoolId, clientId: clientIds, tokenUse };
  }

  const iamPrincipal = trimmed(env, 'IAM_PRINCIPAL') ?? 'caller';
  if (iamPrincipal !== 'caller' && iamPrincipal !== 'session') {
    throw new ConfigError('IAM_PRINCIPAL', 'must be caller (the IAM user or role, default) or session');
  }

  return {
    bucket,
    region,
    kmsKeyId: trimmed(env, 'KMS_KEY_ID'),
    keyPrefix,
    defaultExpiresSeconds,
    maxExpiresSeconds,
    maxUploadBytes,
    maxMultipartBytes,
    multipartPlanSecret: planSecret === undefined ? undefined : new TextEncoder().encode(planSecret),
    allowedContentTypes,
    allowedOrigins,
    authMode,
    iamPrincipal,
    apiKeys: authMode === 'api-key' ? parseApiKeys(trimmed(env, 'API_KEYS')) : [],
    cognito,
    s3Endpoint: s3Endpoint(env),
    // Deliberately not AWS_ENDPOINT_URL*: a general endpoint setting must not choose the token signing keys.
    cognitoTestJwksUrl: trimmed(env, 'COGNITO_TEST_JWKS_URL'),
  };
}
