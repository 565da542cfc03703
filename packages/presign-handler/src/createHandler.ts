import {
  createLambdaHandler,
  type EdgeApp,
  type HttpCore,
  type LambdaHttpHandler,
  type Logger,
  logLevelFromEnv,
  StructuredLogger,
} from '@mv/http-edge';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createAuthenticator } from './auth/createAuthenticator.js';
import type { Authenticator } from './auth/types.js';
import { loadConfig, type PresignEnvironment, type PresignHandlerConfig } from './config.js';
import { createRequestHandler } from './handleRequest.js';
import { S3UrlSigner } from './S3UrlSigner.js';

/** Options of {@link createHandler}. Everything is optional: by default all settings come from `process.env`. */
export interface CreateHandlerOptions {
  /**
   * Settings by their environment variable names (S3_BUCKET_NAME, KMS_KEY_ID, AUTH_MODE, ...), laid over
   * `process.env`.
   */
  env?: PresignEnvironment;
  /** Signing credentials (default: the Lambda role's, from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Replaces the AUTH_MODE authenticator with your own check; return the caller's principal. */
  authenticate?: Authenticator;
  /** Any logger with debug/info/warn/error (a Powertools Logger fits). Default: JSON lines on stdout. */
  logger?: Logger;
  /** Clock, for tests. */
  now?: () => Date;
}

/** The configured presign app: its web-standard core, its logger and its resolved settings. */
export interface PresignApp extends EdgeApp {
  core: HttpCore;
  config: PresignHandlerConfig;
}

/**
 * A Lambda handler for Function URL / API Gateway events (`handler(event, context)`), with its web-standard core
 * (`handleRequest(request)`, used by the Node adapter) and `ready()`, which builds it and returns its settings.
 */
export type PresignLambdaHandler = LambdaHttpHandler<PresignApp>;

/**
 * The Lambda role's credentials as Lambda provides them, read at signing time.
 * @internal
 */
export const environmentCredentials: AwsCredentialIdentityProvider = async () => {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)');
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
};

/**
 * Reads the settings once and wires the presign core.
 * @internal
 */
export function createPresignApp(options: CreateHandlerOptions = {}): PresignApp {
  const env = { ...process.env, ...options.env };
  const config = loadConfig(env);
  const logger =
    options.logger ?? new StructuredLogger({ service: 'chat-log-presign', level: logLevelFromEnv(env) });
  const signer = new S3UrlSigner({
    bucket: config.bucket,
    region: config.region,
    credentials: options.credentials ?? environmentCredentials,
    endpoint: config.s3Endpoint,
  });
  const core = createRequestHandler({
    config,
    signer,
    now: options.now ?? (() => new Date()),
    authenticate: options.authenticate ?? createAuthenticator(config),
    logger,
  });
  // Lambda runs many instances: without a shared key a plan issued by one is refused by the others.
  if (config.multipartPlanSecret === undefined && env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
    logger.warn(
      'MULTIPART_PLAN_SECRET is not set: a multipart upload plan holds only on the instance that issued it',
      { setting: 'MULTIPART_PLAN_SECRET' },
    );
  }
  if (config.authMode === 'none' && !options.authenticate) {
    logger.warn('AUTH_MODE=none: every caller is "anonymous" and can upload; use only behind another gate', {
      authMode: config.authMode,
    });
  }
  return { core, logger, config };
}

/**
 * Builds the presign handler. Settings are read and checked here, once, so a missing or bad setting throws
 * `ConfigError` (naming the variable) at cold start, not at the first request.
 *
 * @example
 * // your-function.ts
 * import { createHandler } from '@mv/presign-handler';
 * export const handler = createHandler({ env: { KEY_PREFIX: 'logs/' } });
 */
export function createHandler(options: CreateHandlerOptions = {}): PresignLambdaHandler {
  const app = createPresignApp(options);
  return createLambdaHandler(() => app);
}
