export { errorResponse } from './answer.ts';
export { withPath } from './BufferedRequest.ts';
export { bearerToken } from './bearerToken.ts';
export { type CognitoVerifierOptions, createCognitoVerifier } from './cognitoVerifier.ts';
export { type CorsOptions, withCors } from './cors.ts';
export {
  createLambdaHandler,
  createStreamingLambdaHandler,
  type EdgeApp,
  type LambdaHttpHandler,
  type LambdaStreamingRuntime,
} from './createLambdaHandler.ts';
export {
  BadRequestError,
  ConfigError,
  type ErrorBody,
  errorBody,
  HttpError,
  type HttpErrorLike,
  InternalError,
  PayloadTooLargeError,
  UnauthorizedError,
} from './HttpError.ts';
export { hostGuard } from './hostGuard.ts';
export type { HttpCore, RequestContext } from './httpCore.ts';
export {
  type EventFacts,
  eventToRequest,
  type IamCaller,
  type LambdaContextLike,
  type LambdaHttpEvent,
  type LambdaHttpResult,
  responseToResult,
} from './lambdaEvents.ts';
export {
  createNodeListener,
  DEFAULT_MAX_BODY_BYTES,
  type LocalServer,
  type NodeListenerOptions,
  type RequestHandler,
  serve,
} from './nodeListener.ts';
export { type ReadEnvironmentOptions, readEnvironment } from './readEnvironment.ts';
export { JSON_HEADERS, json, readText, text } from './responses.ts';
export {
  type Logger,
  type LogLevel,
  logLevelFromEnv,
  redact,
  StructuredLogger,
  type StructuredLoggerOptions,
} from './StructuredLogger.ts';
export { s3Endpoint } from './s3Endpoint.ts';
