import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { UnauthorizedError } from '../errors.js';
import type { Principal } from './types.js';

/** Options of {@link CognitoAuthenticator}. */
export interface CognitoAuthenticatorOptions {
  userPoolId: string;
  /** App client id(s) whose tokens are accepted. */
  clientId: string | string[];
  /** `access` (default: what a SPA sends as a bearer token) or `id`. */
  tokenUse?: 'access' | 'id';
}

/**
 * Verifies Cognito JWTs with `aws-jwt-verify` and turns them into a {@link Principal}.
 *
 * The JWKS normally comes from the user pool's public URL. When the SDK's standard endpoint variable
 * `AWS_ENDPOINT_URL_COGNITO_IDP` (or `AWS_ENDPOINT_URL`) points elsewhere — a local stand-in such as moto — the JWKS is
 * fetched from `<endpoint>/<userPoolId>/.well-known/jwks.json` and cached in the verifier instead.
 *
 * @example
 * const auth = new CognitoAuthenticator({ userPoolId: 'ap-northeast-1_abc', clientId: '1example23456789' });
 * const principal = await auth.authenticate(request.headers.authorization); // null for the public
 */
export class CognitoAuthenticator {
  readonly #verifier;
  readonly #userPoolId: string;
  #jwksLoaded: Promise<void> | undefined;

  constructor(options: CognitoAuthenticatorOptions) {
    this.#userPoolId = options.userPoolId;
    this.#verifier = CognitoJwtVerifier.create({
      userPoolId: options.userPoolId,
      clientId: options.clientId,
      tokenUse: options.tokenUse ?? 'access',
    });
  }

  /**
   * @returns the principal, or `null` when no Authorization header was sent
   * @throws {UnauthorizedError} when a token was sent but is not valid (expired, wrong pool or client, bad signature)
   */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) return null;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (!token) throw new UnauthorizedError('Send the token as "Authorization: Bearer <token>".');
    await this.#loadLocalJwks();
    try {
      const payload = await this.#verifier.verify(token);
      const groups = payload['cognito:groups'];
      const username = (payload.username ?? payload['cognito:username'] ?? payload.sub) as string;
      return { username, groups: Array.isArray(groups) ? groups.map(String) : [] };
    } catch (error) {
      // The reason stays server-side: a caller learns only that the token was refused.
      throw new UnauthorizedError(undefined, { cause: error });
    }
  }

  #loadLocalJwks(): Promise<void> {
    const endpoint = process.env.AWS_ENDPOINT_URL_COGNITO_IDP ?? process.env.AWS_ENDPOINT_URL;
    if (!endpoint) return Promise.resolve();
    this.#jwksLoaded ??= (async () => {
      const response = await fetch(
        `${endpoint.replace(/\/$/, '')}/${this.#userPoolId}/.well-known/jwks.json`,
      );
      if (!response.ok) throw new Error(`JWKS request failed with HTTP ${response.status}`);
      this.#verifier.cacheJwks((await response.json()) as Jwks);
    })().catch((error: unknown) => {
      this.#jwksLoaded = undefined;
      throw error;
    });
    return this.#jwksLoaded;
  }
}
