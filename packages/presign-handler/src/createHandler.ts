import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createAuthenticator } from './auth/createAuthenticator.js';
import type { Authenticator } from './auth/types.js';
import { loadConfig, type PresignEnvironment, type PresignHandlerConfig } from './config.js';
import {
  type FunctionUrlEvent,
  type FunctionUrlResult,
  fromFunctionUrlEvent,
  type LambdaContextLike,
  toFunctionUrlResult,
} from './functionUrlEvent.js';
import { createRequestHandler, type PresignHttpRequest, type PresignHttpResponse } from './handleRequest.js';
import { S3UrlSigner } from './S3UrlSigner.js';
import { type Logger, logLevelFromEnv, StructuredLogger } from './StructuredLogger.js';

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

/** A Lambda handler for Function URL / HTTP API v2 events, plus its transport-neutral core. */
export interface PresignLambdaHandler {
  (event: FunctionUrlEvent, context?: LambdaContextLike): Promise<FunctionUrlResult>;
  /** The same logic for any transport (the Node HTTP adapter uses it). */
  handleRequest(request: PresignHttpRequest): Promise<PresignHttpResponse>;
  /** The resolved settings. */
  readonly config: PresignHandlerConfig;
}

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
 * Builds the presign handler. Settings are read and checked here, once, so a missing or bad setting throws
 * `ConfigError` (naming the variable) at cold start, not at the first request.
 *
 * @example
 * // your-function.ts
 * import { createHandler } from '@mv/presign-handler';
 * export const handler = createHandler({ env: { KEY_PREFIX: 'logs/' } });
 */
export function createHandler(options: CreateHandlerOptions = {}): PresignLambdaHandler {
  const env = { ...process.env, ...options.env };
  const config = loadConfig(env);
  const logger = options.logger ?? new StructuredLogger({ level: logLevelFromEnv(env) });
  const signer = new S3UrlSigner({
    bucket: config.bucket,
    region: config.region,
    credentials: options.credentials ?? environmentCredentials,
    endpoint: config.s3Endpoint,
  });
  const handleRequest = createRequestHandler({
    config,
    signer,
    now: options.now ?? (() => new Date()),
    authenticate: options.authenticate ?? createAuthenticator(config),
    logger,
  });
  if (config.authMode === 'none' && !options.authenticate) {
    logger.warn('AUTH_MODE=none: every caller is "anonymous" and can upload; use only behind another gate', {
      authMode: config.authMode,
    });
  }
  let coldStart = true;
  const handler = async (
    event: FunctionUrlEvent,
    context?: LambdaContextLike,
  ): Promise<FunctionUrlResult> => {
    const request = fromFunctionUrlEvent(event, context);
    if (logger instanceof StructuredLogger) {
      logger.setPersistentKeys({ function_request_id: request.requestId, cold_start: coldStart });
    }
    coldStart = false;
    return toFunctionUrlResult(await handleRequest(request));
  };
  return Object.assign(handler, { handleRequest, config });
}
