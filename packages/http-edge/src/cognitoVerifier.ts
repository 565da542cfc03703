import { CognitoJwtVerifier } from 'aws-jwt-verify/cognito-verifier';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { CognitoJwtPayload } from 'aws-jwt-verify/jwt-model';
import { UnauthorizedError } from './HttpError.ts';

/** Options of {@link createCognitoVerifier}. */
export interface CognitoVerifierOptions {
  userPoolId: string;
  /** App client id(s) the token must be issued to; `null` accepts any client of the pool. */
  clientId: string | string[] | null;
  /** `access` (what a SPA sends as a bearer token) or `id`. */
  tokenUse: 'access' | 'id';
  /**
   * TEST ONLY: read the signing keys from this URL instead of the user pool's issuer (a local stand-in such as moto).
   * Never derived from `AWS_ENDPOINT_URL*`: a general endpoint setting must not become the trust anchor for tokens.
   */
  testJwksUrl?: string | undefined;
  fetch?: typeof fetch;
}

/** Largest token accepted; Cognito's are a few KB. */
const MAX_TOKEN_LENGTH = 16_384;

/**
 * The one Cognito check of the `@mv/*` APIs, on aws-jwt-verify: signature against the pool's JWKS (fetched from the
 * issuer and cached), issuer, expiry, token use and client. Resolves the verified payload; anything else is a 401
 * whose reason stays server-side.
 *
 * @example
 * const verify = createCognitoVerifier({ userPoolId: 'ap-northeast-1_AbC', clientId: ['abc123'], tokenUse: 'access' });
 * const payload = await verify(token);
 */
export function createCognitoVerifier(
  options: CognitoVerifierOptions,
): (token: string) => Promise<CognitoJwtPayload> {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse: options.tokenUse,
  });
  let jwksLoaded: Promise<void> | undefined;
  const loadTestJwks = async (url: string): Promise<void> => {
    const response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS fetch failed with HTTP ${response.status}`);
    verifier.cacheJwks((await response.json()) as Jwks);
  };
  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new UnauthorizedError();
    if (options.testJwksUrl) {
      jwksLoaded ??= loadTestJwks(options.testJwksUrl).catch((error: unknown) => {
        jwksLoaded = undefined; // try again on the next request
        throw error;
      });
      await jwksLoaded;
    }
    try {
      return (await verifier.verify(token)) as CognitoJwtPayload;
    } catch (error) {
      throw new UnauthorizedError(undefined, { cause: error });
    }
  };
}
