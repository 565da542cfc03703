export type {
  EdgeApp,
  ErrorBody,
  HttpCore,
  LambdaContextLike,
  LambdaHttpHandler,
  Logger,
  RequestContext,
} from '@mv/http-edge';
export {
  type ApiGatewayEvent,
  type ApiGatewayHandlerOptions,
  type ApiGatewayResult,
  createApiCore,
  createApiGatewayHandler,
} from './apiGatewayHandler.js';
export { CognitoAuthenticator, type CognitoAuthenticatorOptions } from './CognitoAuthenticator.js';
export { dashboardDirectory } from './dashboardDirectory.js';
export { type ApiContext, handleApiRequest, MAX_JSON_BODY_BYTES } from './handleApiRequest.js';
export {
  ApiEnvironment,
  DatabaseEnvironment,
  handler,
  handlerFromEnvironment,
  ImportEnvironment,
} from './handler.js';
export {
  createImportHandler,
  type ImportHandlerOptions,
  importHandler,
  type S3RunRequestEvent,
} from './importHandler.js';
export { createNodeListener, type NodeListenerOptions } from './nodeHttpListener.js';
export { RawCsvStore, type RawCsvStoreOptions, RUN_REQUEST_PREFIX } from './RawCsvStore.js';
export { type QueuedImportOutcome, runQueuedImport } from './runQueuedImport.js';
export type { Principal } from './types.js';
