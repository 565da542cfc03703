import { UnauthorizedError } from '../errors.js';
import type { Authenticator } from './types.js';

/**
 * Which part of an IAM caller names its key prefix (`IAM_PRINCIPAL`):
 * - `caller` (default): the IAM user (`AIDA…`) or the role (`AROA…`), which the caller cannot choose; every session
 *   of a role shares the role's prefix;
 * - `session`: `AROA…:<session name>`, one prefix per role session. The session name is chosen by whoever calls
 *   `sts:AssumeRole`, so use it only with IAM Identity Center roles (the session name is the user's sign-in name) or
 *   a trust policy that pins `sts:RoleSessionName` to `${aws:username}` or an identity claim.
 */
export type IamPrincipalMode = 'caller' | 'session';

/**
 * `AUTH_MODE=iam`: the Function URL has AuthType AWS_IAM, so Lambda has already verified the SigV4 signature and
 * put the caller in the request context. The principal is the Cognito identity id for identity-pool callers
 * (who all share one role session name), else the IAM user or role id, or with `session` the role session.
 *
 * @example
 * const principal = await iamAuthenticator()({ headers: new Headers(), iam: { userId: 'AIDAEXAMPLE' } });
 */
export function iamAuthenticator(mode: IamPrincipalMode = 'caller'): Authenticator {
  return async (request) => {
    const caller = request.iam;
    // Absent when the Function URL is AuthType NONE: never trust an unsigned request in iam mode.
    if (!caller) throw new UnauthorizedError('This function expects IAM (SigV4) authentication');
    const id = caller.userId || caller.callerId;
    const principal = caller.cognitoIdentity?.identityId || (mode === 'session' ? id : id?.split(':', 1)[0]);
    if (!principal) throw new UnauthorizedError();
    return principal;
  };
}
