import { ACTION_SQL, dimensionRows, EPOCH_MS_SQL, eventScan } from '../eventScan.js';
import type { Answer, QueryEngine } from '../QueryEngine.js';
import { type QueryFilter, resolveFilter } from '../QueryFilter.js';
import { engineFilter } from './engineFilter.js';

/** A value an identity used, how often, and when first and last. */
export interface SeenValue {
  value: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/**
 * What is normal for one identity: its calls and errors, and the actions, source IPs, Regions and user agents it
 * used with their first-seen times — the baseline `AnomalyDetector` builds event by event, computed in the engine.
 */
export interface IdentityBaseline {
  identity: string;
  events: number;
  errors: number;
  firstSeen: string;
  lastSeen: string;
  actions: SeenValue[];
  sourceIps: SeenValue[];
  regions: SeenValue[];
  userAgents: SeenValue[];
}

/** The value dimensions, in the order of their keys after the total and the errors. */
const KINDS = ['actions', 'sourceIps', 'regions', 'userAgents'] as const;

/**
 * Per-identity first-seen baselines over a window, most active identity first; one scan, one GROUP BY.
 *
 * @example
 * const { result } = await identityBaselines(engine, { startTime: '2026-01-01T00:00:00Z' });
 * result[0].actions.find((a) => a.value === 'iam:CreateAccessKey')?.firstSeen;
 */
export async function identityBaselines(
  engine: QueryEngine,
  filter: QueryFilter,
): Promise<Answer<IdentityBaseline[]>> {
  const resolved = engineFilter(engine, resolveFilter(filter));
  const byIdentity = new Map<string, IdentityBaseline>();
  const iso = (ms: string | null | undefined) => (ms == null ? '' : new Date(Number(ms)).toISOString());
  const stats = await engine.run(
    resolved,
    (relation, p) =>
      p.statement(`SELECT identity, dim, k, count(*) AS n, min(ms) AS firstms, max(ms) AS lastms
FROM ${dimensionRows(
        `(SELECT identity, ${ACTION_SQL} AS action, sourceipaddress, awsregion, useragent, errorcode,
  ${EPOCH_MS_SQL} AS ms FROM ${eventScan(relation, resolved, p)}) e`,
        [
          "''",
          "CASE WHEN errorcode <> '' THEN '' END",
          'action',
          'sourceipaddress',
          'awsregion',
          'useragent',
        ],
        ['identity', 'ms'],
      )}
GROUP BY identity, dim, k`),
    (rows) => {
      for (const row of rows) {
        const identity = row.identity!;
        let baseline = byIdentity.get(identity);
        if (!baseline) {
          baseline = {
            identity,
            events: 0,
            errors: 0,
            firstSeen: '',
            lastSeen: '',
            actions: [],
            sourceIps: [],
            regions: [],
            userAgents: [],
          };
          byIdentity.set(identity, baseline);
        }
        const dim = Number(row.dim);
        const count = Number(row.n);
        if (dim === 0) {
          baseline.events = count;
          baseline.firstSeen = iso(row.firstms);
          baseline.lastSeen = iso(row.lastms);
        } else if (dim === 1) baseline.errors = count;
        else {
          const list = baseline[KINDS[dim - 2]!];
          list.push({
            value: row.k ?? '',
            count,
            firstSeen: iso(row.firstms),
            lastSeen: iso(row.lastms),
          });
        }
      }
    },
  );
  const byFirstSeen = (a: SeenValue, b: SeenValue) =>
    a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.value < b.value ? -1 : 1;
  const result = [...byIdentity.values()].sort(
    (a, b) => b.events - a.events || (a.identity < b.identity ? -1 : 1),
  );
  for (const baseline of result) for (const kind of KINDS) baseline[kind].sort(byFirstSeen);
  return { result, stats };
}
