import { DEFAULT_SESSION_GAP_MINUTES } from '../../model/sessionise.js';
import type { Session } from '../../types/Behaviour.js';
import { EPOCH_MS_SQL, eventScan } from '../eventScan.js';
import type { QueryEngine, QueryStats } from '../QueryEngine.js';
import { type QueryFilter, resolveFilter } from '../QueryFilter.js';
import { engineFilter } from './engineFilter.js';

/** Options of {@link forEachSession}. */
export interface SequenceOptions {
  /** A gap longer than this starts a new session (default 30 minutes, as `sessionise`). */
  gapMinutes?: number;
}

/**
 * Streams per-identity call sequences — the sessions `sessionise` cuts and the behaviour model trains on — cut
 * in the engine with window functions (`lag` over each identity's calls in time order) and visited page by page,
 * so a long window never sits in memory whole. Sessions come in identity order, each identity's in time order.
 * Calls in the same millisecond are ordered by event id. The windows share one sort, and each session's calls
 * are aggregated in the order of their number in it (one integer to sort by, not the time and id again).
 *
 * @example
 * const ngrams = new Map<string, number>();
 * await forEachSession(engine, {}, {}, (sessions) => {
 *   for (const s of sessions) for (let i = 1; i < s.eventNames.length; i++) {
 *     const key = `${s.eventNames[i - 1]} ${s.eventNames[i]}`;
 *     ngrams.set(key, (ngrams.get(key) ?? 0) + 1);
 *   }
 * });
 */
export async function forEachSession(
  engine: QueryEngine,
  filter: QueryFilter,
  options: SequenceOptions,
  visit: (sessions: Session[]) => void | Promise<void>,
): Promise<QueryStats> {
  const resolved = engineFilter(engine, resolveFilter(filter));
  const gapMs = (options.gapMinutes ?? DEFAULT_SESSION_GAP_MINUTES) * 60_000;
  return engine.run(
    resolved,
    (relation, p) => {
      const scan = eventScan(relation, resolved, p);
      const gap = p.bind(gapMs);
      return p.statement(`SELECT identity, sessionno, min(eventtime) AS firsttime, max(eventtime) AS lasttime,
  array_join(array_agg(eventname ORDER BY callno), ',') AS names
FROM (SELECT identity, eventname, eventtime, eventid, ms,
    sum(brk) OVER (PARTITION BY identity ORDER BY ms, eventid ROWS UNBOUNDED PRECEDING) AS sessionno,
    row_number() OVER (PARTITION BY identity ORDER BY ms, eventid) AS callno
  FROM (SELECT identity, eventname, eventtime, eventid, ms,
      CASE WHEN ms - lag(ms) OVER (PARTITION BY identity ORDER BY ms, eventid) <= ${gap} THEN 0 ELSE 1 END AS brk
    FROM (SELECT identity, eventname, eventtime, eventid, ${EPOCH_MS_SQL} AS ms FROM ${scan} WHERE ts IS NOT NULL) t) w) s
GROUP BY identity, sessionno
ORDER BY identity, sessionno`);
    },
    (rows) =>
      visit(
        rows.map((row) => ({
          identity: row.identity!,
          start: row.firsttime!,
          end: row.lasttime!,
          eventNames: row.names ? row.names.split(',') : [],
        })),
      ),
  );
}
