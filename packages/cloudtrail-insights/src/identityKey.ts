import type { UserIdentity } from './types/CloudTrailRecord.js';

const SSO_ROLE = 'AWSReservedSSO_';

/** `arn:aws:sts::1:assumed-role/Role/session` -> `arn:aws:sts::1:assumed-role/Role`. */
function withoutSession(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const slash = arn.lastIndexOf('/');
  return slash > arn.indexOf('/') ? arn.slice(0, slash) : arn;
}

function roleName(identity: UserIdentity): string | undefined {
  return (
    identity.sessionContext?.sessionIssuer?.userName ?? identity.arn?.split('/').slice(-2, -1)[0] ?? undefined
  );
}

function principalOf(identity: UserIdentity, type: string): string | undefined {
  switch (type) {
    case 'IAMUser':
    case 'FederatedUser':
      return identity.arn || identity.principalId || undefined;
    case 'AssumedRole':
      // The role is the principal; its sessions are not, except Identity Center's, where the session is the person.
      if (roleName(identity)?.startsWith(SSO_ROLE)) return identity.arn || identity.principalId || undefined;
      return (
        withoutSession(identity.arn) ||
        identity.sessionContext?.sessionIssuer?.arn ||
        identity.principalId?.split(':')[0] ||
        undefined
      );
    case 'Root':
      return identity.arn || identity.accountId || identity.principalId || undefined;
    case 'AWSService':
      return identity.invokedBy || identity.principalId || undefined;
    case 'IdentityCenterUser': {
      const { userId, identityStoreArn } = identity.onBehalfOf ?? {};
      if (userId && identityStoreArn) return `${identityStoreArn}/${userId}`;
      return userId || identity.userName || identity.principalId || undefined;
    }
    case 'AWSAccount':
      return identity.accountId || identity.principalId || undefined;
    default:
      return identity.arn || identity.principalId || identity.invokedBy || identity.userName || undefined;
  }
}

/**
 * The key of whoever made a call, unique per principal: `<type>:<ARN or id>`, so an IAM user `alice`, a federated
 * user `alice` (named by whoever called GetFederationToken) and a role `alice` never share one. The rule, with
 * examples checked by the tests, is in `docs/cloudtrail-insights/identities.md`:
 * IAM and federated users by their ARN; assumed roles by the role (the ARN without the session), except IAM
 * Identity Center roles (`AWSReservedSSO_*`), whose session is the person; the root user by its ARN; AWS services by
 * `invokedBy`; Identity Center users by identity store and user id; other types by ARN, then principal id.
 * The type is `userIdentity.type`, `AWSService` when only `invokedBy` is there, else `Unknown`. Returns `undefined`
 * when the record names no one.
 *
 * @example
 * identityKey({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' });
 * // 'IAMUser:arn:aws:iam::111122223333:user/alice'
 * identityKey({ type: 'FederatedUser', arn: 'arn:aws:sts::111122223333:federated-user/alice' });
 * // 'FederatedUser:arn:aws:sts::111122223333:federated-user/alice'
 */
export function identityKey(identity: UserIdentity | undefined): string | undefined {
  if (!identity) return undefined;
  const type = identity.type || (identity.invokedBy ? 'AWSService' : 'Unknown');
  const principal = principalOf(identity, type);
  return principal === undefined ? undefined : `${type}:${principal}`;
}
