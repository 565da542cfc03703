import { DEFAULT_SESSION_GAP_MINUTES } from '../../model/sessionise.js';
import type { Session } from '../../types/Behaviour.js';
import { EPOCH_MS_SQL, eventScan } from '../eventScan.js';
import type { ColumnReader, QueryEngine, QueryStats, StatementBuilder } from '../QueryEngine.js';
import { type QueryFilter, type ResolvedFilter, resolveFilter } from '../QueryFilter.js';
import type { ParamBinder } from '../Statement.js';
import { engineFilter } from './engineFilter.js';

/** Options of {@link forEachSession}. */
export interface SequenceOptions {
  /** A gap longer than this starts a new session (default 30 minutes, as `sessionise`). */
  gapMinutes?: number;
}

/** Each identity's calls in time order; calls in the same millisecond by event id. */
const CALL_ORDER = 'ms, eventid';

/**
 * The one definition of a session both engines render: every call of the filter's events (`identity`,
 * `eventname`, `eventtime`, `ms`, `eventid`) with `brk` = 1 where it starts a session — its identity's first call,
 * or one more than the gap after the call before it — and `fin` = 1 where it ends one (the same rule, looking at
 * the call after it). Both windows share one sort.
 */
function sessionCalls(relation: string, filter: ResolvedFilter, p: ParamBinder, gapMs: number): string {
  const scan = eventScan(relation, filter, p);
  const calls = `PARTITION BY identity ORDER BY ${CALL_ORDER}`;
  return `(SELECT identity, eventname, eventtime, eventid, ms,
    CASE WHEN ms - lag(ms) OVER (${calls}) <= ${p.bind(gapMs)} THEN 0 ELSE 1 END AS brk,
    CASE WHEN lead(ms) OVER (${calls}) - ms <= ${p.bind(gapMs)} THEN 0 ELSE 1 END AS fin
  FROM (SELECT identity, eventname, eventtime, eventid, ${EPOCH_MS_SQL} AS ms FROM ${scan} WHERE ts IS NOT NULL) t) c`;
}

/**
 * Athena: one row per session, aggregated in the engine (a result page is an API call). Sessions are numbered
 * by a running sum of `brk`, and each session's calls aggregated in the order of their number in it.
 */
function aggregatedSessions(calls: string): string {
  return `SELECT identity, sessionno, min(eventtime) AS firsttime, max(eventtime) AS lasttime,
  array_join(array_agg(eventname ORDER BY callno), ',') AS names
FROM (SELECT identity, eventname, eventtime,
    sum(brk) OVER (PARTITION BY identity ORDER BY ${CALL_ORDER} ROWS UNBOUNDED PRECEDING) AS sessionno,
    row_number() OVER (PARTITION BY identity ORDER BY ${CALL_ORDER}) AS callno
  FROM ${calls}) s
GROUP BY identity, sessionno
ORDER BY identity, sessionno`;
}

/**
 * DuckDB: the calls themselves in session order, a sort DuckDB spills beyond its memory limit, streamed in chunks
 * and folded into sessions on the way (an ordered `array_agg` keeps every session's calls in memory, unspilled).
 * Text values are what converting rows to JavaScript costs, so each call is one number, `namecode` =
 * 4 x (1 + its name's index in `names`, the per-query dictionary bound as a table) + 2 x `edge` + `brk`, where
 * `edge` = 1 on a session's first or last call; the texts are there only where that number says so: the identity
 * on a session's first call, the time on its first and last, and the name where `names` lacks it (code 0, a window
 * rebuilt between the dictionary's query and this one). Sessions of 1M events went from ~3.3 to ~2.5 CPU-s with
 * the dictionary, and the fold from ~0.45 to ~0.25 s once it stopped asking every row for its three texts.
 */
function orderedCalls(calls: string, names: readonly string[], p: ParamBinder): string {
  const dictionary =
    names.length === 0
      ? 'SELECT CAST(NULL AS VARCHAR) AS name, 0 AS code WHERE false'
      : `VALUES ${names.map((name, i) => `(${p.bind(name)}, ${i + 1})`).join(', ')}`;
  return `SELECT 4 * coalesce(d.code, 0) + CASE WHEN brk = 1 OR fin = 1 THEN 2 ELSE 0 END + brk AS namecode,
  CASE WHEN d.code IS NULL THEN c.eventname END AS eventname,
  CASE WHEN brk = 1 THEN identity END AS sessionidentity,
  CASE WHEN brk = 1 OR fin = 1 THEN eventtime END AS edgetime
FROM ${calls} LEFT JOIN (${dictionary}) AS d (name, code) ON d.name = c.eventname
ORDER BY identity, ${CALL_ORDER}`;
}

/** The columns of {@link orderedCalls}, in its SELECT's order. */
const CALL_COLUMNS = ['namecode', 'eventname', 'sessionidentity', 'edgetime'] as const;

/** Folds calls in session order (pages of {@link orderedCalls}) into sessions; `finish` returns the last one. */
function sessionFolder(names: readonly string[]): {
  add: (columns: readonly ColumnReader[], rowCount: number) => Session[];
  finish: () => Session[];
} {
  let open: Session | undefined;
  return {
    add(columns, rowCount) {
      const [codes, eventNames, identities, edges] = columns as readonly [
        ColumnReader,
        ColumnReader,
        ColumnReader,
        ColumnReader,
      ];
      const done: Session[] = [];
      for (let r = 0; r < rowCount; r++) {
        const c = Number(codes.getItem(r));
        const edge = (c & 2) === 2 ? (edges.getItem(r) as string) : undefined;
        if (!open || (c & 1) === 1) {
          if (open) done.push(open);
          open = { identity: String(identities.getItem(r)), start: edge!, end: edge!, eventNames: [] };
        }
        const code = c >> 2;
        open.eventNames.push(code === 0 ? String(eventNames.getItem(r)) : names[code - 1]!);
        if (edge !== undefined) open.end = edge;
      }
      return done;
    },
    finish: () => (open ? [open] : []),
  };
}

/**
 * Streams per-identity call sequences — the sessions `sessionise` cuts and the behaviour model trains on — cut
 * in the engine with window functions (`lag` over each identity's calls in time order) and visited page by page,
 * so a long window never sits in memory whole. Sessions come in identity order, each identity's in time order.
 * Calls in the same millisecond are ordered by event id.
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
  if (engine.kind === 'athena')
    return engine.run(
      resolved,
      (relation, p) => p.statement(aggregatedSessions(sessionCalls(relation, resolved, p, gapMs))),
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
  // The window's event names, unfiltered: a superset of the filter's, read from the table the query then reuses.
  const names: string[] = [];
  const dictionaryStats = await engine.run(
    resolved,
    (relation, p) => p.statement(`SELECT DISTINCT eventname FROM ${relation} WHERE eventname IS NOT NULL`),
    (rows) => {
      for (const row of rows) names.push(row.eventname!);
    },
  );
  const folder = sessionFolder(names);
  const build: StatementBuilder = (relation, p) =>
    p.statement(orderedCalls(sessionCalls(relation, resolved, p, gapMs), names, p));
  const onPage = async (columns: readonly ColumnReader[], rowCount: number) => {
    const done = folder.add(columns, rowCount);
    if (done.length > 0) await visit(done);
  };
  // Every call crosses into JavaScript: read from the engine's columns, no object per call, where it can.
  const stats = engine.runColumns
    ? await engine.runColumns(resolved, build, onPage)
    : await engine.run(resolved, build, (rows) =>
        onPage(
          CALL_COLUMNS.map((name) => ({ getItem: (r: number) => rows[r]![name] ?? null })),
          rows.length,
        ),
      );
  const last = folder.finish();
  if (last.length > 0) await visit(last);
  return {
    ...stats,
    queries: dictionaryStats.queries + stats.queries,
    elapsedMs: dictionaryStats.elapsedMs + stats.elapsedMs,
    reused: Boolean(dictionaryStats.reused && stats.reused),
  };
}
