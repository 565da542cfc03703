import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { UnauthorizedError } from '../errors.js';
import { type Authenticator, bearerToken } from './types.js';

/** Options of {@link cognitoAuthenticator}. */
export interface CognitoAuthOptions {
  userPoolId: string;
  /** App client id(s) the token must be issued to; `null` accepts any client of the pool. */
  clientId: string[] | null;
  tokenUse: 'access' | 'id';
  /**
   * A custom Cognito endpoint (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER): the JWKS is read from
   * `<endpoint>/<userPoolId>/.well-known/jwks.json` instead of the pool's public issuer URL.
   */
  endpoint?: string | undefined;
  fetch?: typeof fetch;
}

/**
 * `AUTH_MODE=cognito`: `Authorization: Bearer <JWT>` from a Cognito user pool, verified with aws-jwt-verify
 * (signature against the pool's JWKS, issuer, expiry, token use, client). The principal is the token's `sub`.
 *
 * @example
 * const authenticate = cognitoAuthenticator({ userPoolId: 'ap-northeast-1_AbC', clientId: ['abc123'], tokenUse: 'access' });
 */
export function cognitoAuthenticator(options: CognitoAuthOptions): Authenticator {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse: options.tokenUse,
  });
  let jwksLoaded: Promise<void> | undefined;
  const loadJwks = async (): Promise<void> => {
    if (!options.endpoint) return;
    const url = `${options.endpoint.replace(/\/+$/, '')}/${options.userPoolId}/.well-known/jwks.json`;
    const response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS fetch failed with HTTP ${response.status}`);
    verifier.cacheJwks((await response.json()) as Jwks);
  };
  return async (request) => {
    const token = bearerToken(request.headers);
    if (token === undefined || token.length > 16_384) throw new UnauthorizedError();
    if (options.endpoint) {
      jwksLoaded ??= loadJwks().catch((error: unknown) => {
        jwksLoaded = undefined; // try again on the next request
        throw error;
      });
      await jwksLoaded;
    }
    try {
      const payload = await verifier.verify(token);
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no sub');
      return payload.sub;
    } catch (error) {
      throw new UnauthorizedError(undefined, { cause: error });
    }
  };
}
