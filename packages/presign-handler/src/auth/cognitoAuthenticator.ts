import { bearerToken, createCognitoVerifier } from '@mv/http-edge';
import { UnauthorizedError } from '../errors.js';
import type { Authenticator } from './types.js';

/** Options of {@link cognitoAuthenticator}. */
export interface CognitoAuthOptions {
  userPoolId: string;
  /** App client id(s) the token must be issued to; `null` accepts any client of the pool. */
  clientId: string[] | null;
  tokenUse: 'access' | 'id';
  /**
   * TEST ONLY (`COGNITO_TEST_JWKS_URL`): read the pool's signing keys from this URL (a local stand-in such as moto)
   * instead of the issuer. A general `AWS_ENDPOINT_URL*` setting never changes where keys come from.
   */
  testJwksUrl?: string | undefined;
  fetch?: typeof fetch;
}

/**
 * `AUTH_MODE=cognito`: `Authorization: Bearer <JWT>` from a Cognito user pool, verified by the edge's Cognito
 * verifier (aws-jwt-verify: signature against the pool's JWKS, issuer, expiry, token use, client). The principal is
 * the token's `sub`.
 *
 * @example
 * const authenticate = cognitoAuthenticator({ userPoolId: 'ap-northeast-1_AbC', clientId: ['abc123'], tokenUse: 'access' });
 */
export function cognitoAuthenticator(options: CognitoAuthOptions): Authenticator {
  const verify = createCognitoVerifier(options);
  return async (request) => {
    const token = bearerToken(request.headers.get('authorization'));
    if (!token) throw new UnauthorizedError();
    try {
      const payload = await verify(token);
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no sub');
      return payload.sub;
    } catch (error) {
      throw new UnauthorizedError(undefined, { cause: error });
    }
  };
}
