import type { UserIdentity } from './types/CloudTrailRecord.js';

function lastSegment(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : undefined;
}

function afterColon(principalId: string | undefined): string | undefined {
  if (!principalId) return undefined;
  const colon = principalId.indexOf(':');
  return colon >= 0 ? principalId.slice(colon + 1) : principalId;
}

/**
 * One name for whoever made a call, whatever the `userIdentity` variant:
 * IAM users by user name; assumed roles by role name, except IAM Identity Center roles (`AWSReservedSSO_*`)
 * where the session name is the person (`AWSReservedSSO_Dev_123/alice@example.com`); federated users by their
 * federated name; AWS services (with or without `type`) by `invokedBy`; the root user as `root`; Identity Center
 * users by their user id. Returns `undefined` only when the record carries nothing to name.
 *
 * @example
 * identityName({ type: 'IAMUser', userName: 'alice' }); // 'alice'
 * identityName({ invokedBy: 'cloudtrail.amazonaws.com' }); // 'cloudtrail.amazonaws.com'
 */
export function identityName(identity: UserIdentity | undefined): string | undefined {
  if (!identity) return undefined;
  switch (identity.type) {
    case 'IAMUser':
      return identity.userName ?? lastSegment(identity.arn) ?? identity.principalId;
    case 'AssumedRole': {
      const role = identity.sessionContext?.sessionIssuer?.userName;
      const session = lastSegment(identity.arn);
      if (role?.startsWith('AWSReservedSSO_') && session) return `${role}/${session}`;
      return (
        role ?? (identity.arn ? identity.arn.split('/').slice(-2, -1)[0] : undefined) ?? identity.principalId
      );
    }
    case 'FederatedUser':
      return lastSegment(identity.arn) ?? afterColon(identity.principalId);
    case 'Root':
      return 'root';
    case 'AWSService':
      return identity.invokedBy ?? identity.principalId;
    case 'IdentityCenterUser':
      return identity.onBehalfOf?.userId ?? identity.userName ?? identity.principalId;
    case 'AWSAccount':
      return identity.accountId ? `account:${identity.accountId}` : identity.principalId;
    default:
      return (
        identity.userName ??
        identity.invokedBy ??
        lastSegment(identity.arn) ??
        afterColon(identity.principalId)
      );
  }
}
