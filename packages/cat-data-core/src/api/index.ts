export {
  type ApiGatewayEvent,
  type ApiGatewayHandlerOptions,
  type ApiGatewayResult,
  createApiGatewayHandler,
} from './apiGatewayHandler.js';
export { CognitoAuthenticator, type CognitoAuthenticatorOptions } from './CognitoAuthenticator.js';
export { dashboardDirectory } from './dashboardDirectory.js';
export { type ApiContext, handleApiRequest } from './handleApiRequest.js';
export { handler, handlerFromEnvironment } from './handler.js';
export { createNodeListener, type NodeListenerOptions } from './nodeHttpListener.js';
export { RawCsvStore, type RawCsvStoreOptions } from './RawCsvStore.js';
export type { ApiRequest, ApiResponse, Principal } from './types.js';
