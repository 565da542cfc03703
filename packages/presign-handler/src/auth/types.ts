import type { IamCaller } from '@mv/http-edge';

export type { IamCaller };

/** What an authenticator gets to look at. */
export interface AuthRequest {
  headers: Headers;
  /** Set by Lambda only when the Function URL's AuthType is AWS_IAM; callers cannot forge it. */
  iam?: IamCaller | undefined;
}

/**
 * Proves who the caller is and returns the principal whose key prefix it may use. Throws `UnauthorizedError`
 * when it cannot.
 */
export type Authenticator = (request: AuthRequest) => Promise<string>;
