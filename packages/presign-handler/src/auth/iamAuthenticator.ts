import { UnauthorizedError } from '../errors.js';
import type { Authenticator } from './types.js';

/**
 * `AUTH_MODE=iam`: the Function URL has AuthType AWS_IAM, so Lambda has already verified the SigV4 signature and
 * put the caller in the request context. The principal is the Cognito identity id for identity-pool callers
 * (who all share one role session name), else the IAM user id (`AIDA…` or `AROA…:session`).
 *
 * @example
 * const principal = await iamAuthenticator()({ headers: {}, iam: { userId: 'AIDAEXAMPLE', accountId: '123456789012' } });
 */
export function iamAuthenticator(): Authenticator {
  return async (request) => {
    const caller = request.iam;
    // Absent when the Function URL is AuthType NONE: never trust an unsigned request in iam mode.
    if (!caller) throw new UnauthorizedError('This function expects IAM (SigV4) authentication');
    const principal = caller.cognitoIdentity?.identityId || caller.userId || caller.callerId;
    if (!principal) throw new UnauthorizedError();
    return principal;
  };
}
