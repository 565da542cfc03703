import type { IamPolicy } from '../types/Behaviour.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { arnMatchesAction } from './iamActionData.js';
import { iamActionsFor, type RequiredAction } from './requiredActions.js';

const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|Unauthorized|Forbidden/i;

export { iamActionFor, iamActionsFor, type RequiredAction } from './requiredActions.js';

/** Options of {@link suggestPolicy}. */
export interface SuggestPolicyOptions {
  /** Also allow calls that were denied (what the identity tried to do); default false: only what succeeded. */
  includeDenied?: boolean;
}

function resourceArns(event: ParsedEvent): string[] | undefined {
  const resources = (event.record as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) return undefined;
  const arns = resources
    .map((r) => (r && typeof r === 'object' ? (r as { ARN?: unknown }).ARN : undefined))
    .filter((arn): arn is string => typeof arn === 'string' && arn.startsWith('arn:'));
  return arns.length > 0 ? arns : undefined;
}

// The recorded ARNs an action can be scoped to: those of a resource type the action takes (an AssumeRole call also
// records the issued access key, which `sts:AssumeRole` cannot be scoped to). None left, or a wildcard-only action:
// `*`. Actions missing from the reference keep every recorded ARN.
function scope(needed: RequiredAction, recorded: string[] | undefined): string[] | undefined {
  if (!recorded || !needed.scopedByEvent) return undefined;
  if (!needed.info) return recorded;
  const matching = recorded.filter((arn) => arnMatchesAction(arn, needed.info!));
  return matching.length > 0 ? matching : undefined;
}

/**
 * Builds a least-privilege IAM policy from the calls an identity actually made: one statement per service,
 * actions sorted. The actions of each call come from AWS's service authorization reference ({@link iamActionsFor}:
 * dependent actions and documented exceptions included); an action is scoped to the resource ARNs CloudTrail
 * recorded when every call of it recorded ARNs of a resource type the action takes, `*` otherwise. Calls that need
 * no permission are left out.
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
    const recorded = resourceArns(event);
    for (const needed of iamActionsFor(event)) {
      const { action } = needed;
      const arns = scope(needed, recorded);
      if (!actions.has(action)) actions.set(action, arns ? new Set(arns) : undefined);
      else {
        const known = actions.get(action);
        if (!known || !arns) actions.set(action, undefined);
        else for (const arn of arns) known.add(arn);
      }
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
