import { bearerToken, createCognitoVerifier } from '@mv/http-edge';
import { UnauthorizedError } from '../errors.js';
import type { Principal } from './types.js';

/** Options of {@link CognitoAuthenticator}. */
export interface CognitoAuthenticatorOptions {
  userPoolId: string;
  /** App client id(s) whose tokens are accepted. */
  clientId: string | string[];
  /** `access` (default: what a SPA sends as a bearer token) or `id`. */
  tokenUse?: 'access' | 'id';
  /**
   * TEST ONLY (`COGNITO_TEST_JWKS_URL`): read the pool's signing keys from this URL (a local stand-in such as moto)
   * instead of the pool's issuer. A general `AWS_ENDPOINT_URL*` setting never changes where keys come from.
   */
  testJwksUrl?: string | undefined;
}

/**
 * Verifies Cognito JWTs with the edge's Cognito verifier (aws-jwt-verify: signature against the pool's JWKS,
 * issuer, expiry, token use, client) and turns them into a {@link Principal}.
 *
 * @example
 * const auth = new CognitoAuthenticator({ userPoolId: 'ap-northeast-1_abc', clientId: '1example23456789' });
 * const principal = await auth.authenticate(request.headers.get('authorization')); // null for the public
 */
export class CognitoAuthenticator {
  readonly #verify;

  constructor(options: CognitoAuthenticatorOptions) {
    this.#verify = createCognitoVerifier({
      userPoolId: options.userPoolId,
      clientId: options.clientId,
      tokenUse: options.tokenUse ?? 'access',
      testJwksUrl: options.testJwksUrl,
    });
  }

  /**
   * @returns the principal, or `null` when no Authorization header was sent
   * @throws {UnauthorizedError} when a token was sent but is not valid (expired, wrong pool or client, bad signature)
   */
  async authenticate(authorization: string | null | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (token === undefined) return null;
    if (token === null) throw new UnauthorizedError('Send the token as "Authorization: Bearer <token>".');
    try {
      const payload = await this.#verify(token);
      const groups = payload['cognito:groups'];
      const username = (payload.username ?? payload['cognito:username'] ?? payload.sub) as string;
      return { username, groups: Array.isArray(groups) ? groups.map(String) : [] };
    } catch (error) {
      // The reason stays server-side: a caller learns only that the token was refused.
      throw new UnauthorizedError(undefined, { cause: error });
    }
  }
}
