import type { IamPolicy } from '../types/Behaviour.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';

// Event names whose IAM action has another name.
const ACTION_FOR_EVENT: Readonly<Record<string, string>> = {
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  's3:HeadBucket': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:CopyObject': 's3:PutObject',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  'secretsmanager:BatchGetSecretValue': 'secretsmanager:GetSecretValue',
};
// Calls that need no permission.
const NO_PERMISSION = new Set(['sts:GetCallerIdentity', 'signin:ConsoleLogin']);
const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|Unauthorized|Forbidden/i;

/** Options of {@link suggestPolicy}. */
export interface SuggestPolicyOptions {
  /** Also allow calls that were denied (what the identity tried to do); default false: only what succeeded. */
  includeDenied?: boolean;
}

/** The IAM action a CloudTrail event needs. @example iamActionFor({ action: 's3:HeadObject' }) // 's3:GetObject' */
export function iamActionFor(event: Pick<ParsedEvent, 'action'>): string {
  // Lambda event names carry an API version (`UpdateFunctionCode20150331v2`); the IAM action does not.
  const action = event.action.startsWith('lambda:')
    ? event.action.replace(/\d{8}(v\d+)?$/, '')
    : event.action;
  return ACTION_FOR_EVENT[action] ?? action;
}

function resourceArns(event: ParsedEvent): string[] | undefined {
  const resources = (event.record as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) return undefined;
  const arns = resources
    .map((r) => (r && typeof r === 'object' ? (r as { ARN?: unknown }).ARN : undefined))
    .filter((arn): arn is string => typeof arn === 'string' && arn.startsWith('arn:'));
  return arns.length > 0 ? arns : undefined;
}

/**
 * Builds a least-privilege IAM policy from the calls an identity actually made: one statement per service,
 * actions sorted, scoped to the resource ARNs CloudTrail recorded when every call of an action recorded them,
 * `*` otherwise. Calls that need no permission are left out.
 *
 * @example
 * const policy = suggestPolicy(events.filter((e) => e.identity === 'alice'));
 * console.log(JSON.stringify(policy, null, 2));
 */
export function suggestPolicy(events: Iterable<ParsedEvent>, options: SuggestPolicyOptions = {}): IamPolicy {
  // action -> resources (undefined once any call of the action had none)
  const actions = new Map<string, Set<string> | undefined>();
  for (const event of events) {
    if (event.errorCode && !(options.includeDenied && ACCESS_DENIED.test(event.errorCode))) continue;
    const action = iamActionFor(event);
    if (NO_PERMISSION.has(action)) continue;
    const arns = resourceArns(event);
    if (!actions.has(action)) actions.set(action, arns ? new Set(arns) : undefined);
    else {
      const known = actions.get(action);
      if (!known || !arns) actions.set(action, undefined);
      else for (const arn of arns) known.add(arn);
    }
  }
  // Group by service and by resource scope.
  const groups = new Map<string, { service: string; actions: string[]; resources: string[] | '*' }>();
  for (const [action, arns] of [...actions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const service = action.slice(0, action.indexOf(':'));
    const resources = arns ? [...arns].sort() : '*';
    const groupKey = `${service}|${resources === '*' ? '*' : resources.join(',')}`;
    const group = groups.get(groupKey);
    if (group) group.actions.push(action);
    else groups.set(groupKey, { service, actions: [action], resources });
  }
  const counters = new Map<string, number>();
  const Statement = [...groups.values()].map((group) => {
    const n = (counters.get(group.service) ?? 0) + 1;
    counters.set(group.service, n);
    const base = group.service.replace(/[^A-Za-z0-9]/g, '');
    const sid = `Allow${base.charAt(0).toUpperCase()}${base.slice(1)}${n > 1 ? n : ''}`;
    return {
      Sid: sid,
      Effect: 'Allow' as const,
      Action: group.actions,
      Resource: group.resources === '*' ? '*' : group.resources,
    };
  });
  return { Version: '2012-10-17', Statement };
}
