import type { PresignHandlerConfig } from '../config.js';
import { apiKeyAuthenticator } from './apiKeyAuthenticator.js';
import { cognitoAuthenticator } from './cognitoAuthenticator.js';
import { iamAuthenticator } from './iamAuthenticator.js';
import type { Authenticator } from './types.js';

/** The principal of every caller under `AUTH_MODE=none`. */
export const ANONYMOUS_PRINCIPAL = 'anonymous';

/**
 * The authenticator for the configured `AUTH_MODE`.
 * @internal
 */
export function createAuthenticator(config: PresignHandlerConfig): Authenticator {
  switch (config.authMode) {
    case 'api-key':
      return apiKeyAuthenticator(config.apiKeys);
    case 'cognito': {
      const cognito = config.cognito!;
      return cognitoAuthenticator({ ...cognito, testJwksUrl: config.cognitoTestJwksUrl });
    }
    case 'iam':
      return iamAuthenticator(config.iamPrincipal);
    case 'none':
      return async () => ANONYMOUS_PRINCIPAL;
  }
}
