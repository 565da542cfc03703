export type {
  ErrorBody,
  HttpCore,
  IamCaller,
  LambdaContextLike,
  LambdaHttpEvent as FunctionUrlEvent,
  LambdaHttpResult as FunctionUrlResult,
  RequestContext,
} from '@mv/http-edge';
export { type Logger, type LogLevel, StructuredLogger } from '@mv/http-edge';
export { apiKeyAuthenticator, hashApiKey } from './auth/apiKeyAuthenticator.js';
export { type CognitoAuthOptions, cognitoAuthenticator } from './auth/cognitoAuthenticator.js';
export { ANONYMOUS_PRINCIPAL } from './auth/createAuthenticator.js';
export { iamAuthenticator } from './auth/iamAuthenticator.js';
export type { Authenticator, AuthRequest } from './auth/types.js';
export {
  type ApiKeyEntry,
  type AuthMode,
  DEFAULTS,
  loadConfig,
  MAX_PRESIGN_SECONDS,
  type PresignEnvironment,
  PresignEnvironmentSchema,
  type PresignHandlerConfig,
} from './config.js';
export {
  type CreateHandlerOptions,
  createHandler,
  type PresignApp,
  type PresignLambdaHandler,
} from './createHandler.js';
export {
  BadRequestError,
  ConfigError,
  ForbiddenError,
  HttpError,
  InternalError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from './errors.js';
export { createRequestHandler, MAX_BODY_BYTES } from './handleRequest.js';
export { handler } from './handler.js';
export { buildObjectKey, isOwnKey, principalPrefix } from './objectKey.js';
export { type PresignDeps, presignDownload, presignUpload } from './presign.js';
export {
  type GetSignParams,
  type PutSignParams,
  S3UrlSigner,
  type S3UrlSignerOptions,
  type SignedRequest,
} from './S3UrlSigner.js';
export { sanitizeFileName } from './sanitizeFileName.js';
