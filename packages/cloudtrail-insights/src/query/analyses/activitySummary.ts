import { sortedCounts } from '../../aggregateEvents.js';
import type { ActivitySummary } from '../../types/ActivitySummary.js';
import { dimensionRows, EPOCH_MS_SQL, eventScan } from '../eventScan.js';
import type { Answer, QueryEngine } from '../QueryEngine.js';
import { type QueryFilter, resolveFilter } from '../QueryFilter.js';
import { engineFilter } from './engineFilter.js';

/** Options of {@link activitySummary}. */
export interface SummaryOptions {
  /** Keep only the top N keys of each count list (default: all). */
  top?: number;
}

/**
 * The dashboard counts (`aggregateEvents`) computed in the engine: by event name, identity, event source and
 * error code, read vs write, hour x weekday (UTC, row 0 = Sunday), first and last event. One scan: every event
 * becomes one row per dimension ({@link dimensionRows}) and a single GROUP BY counts them all. `flagged` is left
 * empty: the odd-value checks (plausible Region, IP syntax) stay in the in-process parser.
 *
 * @example
 * const { result, stats } = await activitySummary(engine, { startTime: '2026-01-01T00:00:00Z' }, { top: 10 });
 * result.byEventName[0]; // { key: 'GetObject', count: 1200 }
 */
export async function activitySummary(
  engine: QueryEngine,
  filter: QueryFilter,
  options: SummaryOptions = {},
): Promise<Answer<ActivitySummary>> {
  const resolved = engineFilter(engine, resolveFilter(filter));
  // The dimensions, in the order of their keys below (`dim` in the rows is the index).
  const DIMS = ['total', 'name', 'identity', 'source', 'error', 'rw', 'hour'] as const;
  const dims = new Map<string, Map<string, number>>();
  let first: number | undefined;
  let last: number | undefined;
  const stats = await engine.run(
    resolved,
    (relation, p) =>
      p.statement(`SELECT dim, k, count(*) AS n, min(ms) AS firstms, max(ms) AS lastms
FROM ${dimensionRows(
        `(SELECT eventname, identity, eventsource, errorcode, readonly, ts, ${EPOCH_MS_SQL} AS ms
  FROM ${eventScan(relation, resolved, p)}) e`,
        [
          "''",
          'eventname',
          'identity',
          'eventsource',
          "CASE WHEN errorcode <> '' THEN errorcode END",
          "coalesce(readonly, '')",
          'CAST(day_of_week(ts) % 7 * 24 + hour(ts) AS VARCHAR)',
        ],
        ['ms'],
      )}
GROUP BY dim, k`),
    (rows) => {
      for (const row of rows) {
        const dim = DIMS[Number(row.dim)]!;
        const count = Number(row.n);
        if (dim === 'total') {
          if (row.firstms !== null) first = Number(row.firstms);
          if (row.lastms !== null) last = Number(row.lastms);
        }
        let map = dims.get(dim);
        if (!map) {
          map = new Map();
          dims.set(dim, map);
        }
        map.set(row.k ?? '', count);
      }
    },
  );
  const of = (dim: string) => dims.get(dim) ?? new Map<string, number>();
  const hourByWeekday = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const [key, count] of of('hour')) {
    const slot = Number(key); // weekday (0 = Sunday) x 24 + hour
    hourByWeekday[Math.floor(slot / 24)]![slot % 24] = count;
  }
  const rw = of('rw');
  const total = of('total').get('') ?? 0;
  const read = rw.get('true') ?? 0;
  const write = rw.get('false') ?? 0;
  const errors = [...of('error').values()].reduce((a, b) => a + b, 0);
  return {
    result: {
      total,
      from: first === undefined ? undefined : new Date(first).toISOString(),
      to: last === undefined ? undefined : new Date(last).toISOString(),
      byEventName: sortedCounts(of('name'), options.top),
      byIdentity: sortedCounts(of('identity'), options.top),
      byEventSource: sortedCounts(of('source'), options.top),
      byErrorCode: sortedCounts(of('error'), options.top),
      readWrite: { read, write, unknown: total - read - write },
      errors,
      hourByWeekday,
      flagged: [],
    },
    stats,
  };
}
