import { type SuggestPolicyOptions, suggestPolicy } from '../../model/suggestPolicy.js';
import type { IamPolicy } from '../../types/Behaviour.js';
import type { ParsedEvent } from '../../types/CloudTrailRecord.js';
import { ACTION_SQL, eventScan } from '../eventScan.js';
import type { Answer, QueryEngine } from '../QueryEngine.js';
import { type QueryFilter, resolveFilter } from '../QueryFilter.js';
import { engineFilter } from './engineFilter.js';

/** One action an identity called (with one outcome), and the resource ARNs CloudTrail recorded for it. */
export interface UsedAction {
  action: string;
  errorCode?: string;
  calls: number;
  /** Calls that recorded at least one resource ARN. */
  callsWithResources: number;
  resourceArns: string[];
}

/**
 * The actions and resources an identity used in a window, per outcome (error code), counted in the engine: what
 * a least-privilege policy is built from.
 *
 * @example
 * const { result } = await usedActions(engine, { identity: 'alice', startTime: '2026-01-01T00:00:00Z' });
 */
export async function usedActions(engine: QueryEngine, filter: QueryFilter): Promise<Answer<UsedAction[]>> {
  const resolved = engineFilter(engine, resolveFilter(filter));
  const result: UsedAction[] = [];
  const stats = await engine.run(
    resolved,
    (relation, p) =>
      p.statement(`SELECT ${ACTION_SQL} AS action, errorcode, count(*) AS n,
  count_if(strpos(resourcearns, ' arn:') > 0) AS witharns,
  array_join(array_agg(DISTINCT coalesce(resourcearns, '')), ' ') AS arns
FROM ${eventScan(relation, resolved, p)}
GROUP BY ${ACTION_SQL}, errorcode`),
    (rows) => {
      for (const row of rows) {
        const arns = new Set((row.arns ?? '').split(' ').filter((arn) => arn.startsWith('arn:')));
        result.push({
          action: row.action!,
          errorCode: row.errorcode || undefined,
          calls: Number(row.n),
          callsWithResources: Number(row.witharns),
          resourceArns: [...arns].sort(),
        });
      }
    },
  );
  result.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : b.calls - a.calls));
  return { result, stats };
}

/**
 * A least-privilege policy for one identity from {@link usedActions}: the same policy `suggestPolicy` builds
 * from the events, without the events (an action is scoped to ARNs only when every call recorded some).
 *
 * @example
 * const { result: policy } = await suggestPolicyFromEngine(engine, { identity: 'alice' });
 */
export async function suggestPolicyFromEngine(
  engine: QueryEngine,
  filter: QueryFilter & { identity: string },
  options: SuggestPolicyOptions = {},
): Promise<Answer<IamPolicy>> {
  const { result, stats } = await usedActions(engine, filter);
  // Stand-ins for the calls: one without resources when some call had none, one with every ARN recorded.
  const calls: ParsedEvent[] = [];
  for (const used of result) {
    const call = { action: used.action, errorCode: used.errorCode } as ParsedEvent;
    if (used.calls > used.callsWithResources) calls.push({ ...call, record: {} } as ParsedEvent);
    if (used.callsWithResources > 0) {
      const resources = used.resourceArns.map((ARN) => ({ ARN }));
      calls.push({ ...call, record: { resources } } as unknown as ParsedEvent);
    }
  }
  return { result: suggestPolicy(calls, options), stats };
}
