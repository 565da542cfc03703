import type { ResolvedFilter } from './QueryFilter.js';
import type { ParamBinder, Row, Statement } from './Statement.js';

/**
 * What one query cost: the engine, the bytes it read (Athena: scanned, billed; DuckDB: size of the files read)
 * and Athena's cost estimate.
 */
export interface QueryStats {
  engine: 'athena' | 'duckdb';
  queries: number;
  bytesScanned: number;
  /** USD, Athena only (on-demand price, 10 MB minimum per query). */
  costUsd?: number;
  elapsedMs: number;
  /** DuckDB: trail files read after pruning. */
  files?: number;
  /** DuckDB: the window's files were already read by an earlier analysis; this one read its table only. */
  reused?: boolean;
  /** Athena: query execution ids, to find them in the console. */
  queryIds?: string[];
}

/** An analysis result with the cost of getting it. */
export interface Answer<T> {
  result: T;
  stats: QueryStats;
}

/**
 * Builds a statement over `relation`, the engine's CloudTrail rows narrowed by the filter's partitions
 * (Athena: the table with projection predicates; DuckDB: the pruned trail files). @internal
 */
export type StatementBuilder = (relation: string, binder: ParamBinder) => Statement;

/** One column of a page of {@link QueryEngine.runColumns}: its value in a row, `null` for SQL NULL. */
export interface ColumnReader {
  getItem(row: number): unknown;
}

/**
 * An engine the analyses run on: Athena over the trail bucket, or DuckDB over local trail files. Both expose the
 * same relation (the Athena table's column names), so every analysis is one SQL text for both.
 *
 * @example
 * const engine = await DuckDbEngine.open({ root: './trail' });
 * const { result } = await activitySummary(engine, { startTime: '2026-01-01T00:00:00Z' });
 */
export interface QueryEngine {
  readonly kind: 'athena' | 'duckdb';
  /** Athena has no open-ended window: a missing start means the last 24 hours there. */
  readonly needsWindow: boolean;
  /** Runs a statement and visits the rows page by page (bounded memory); resolves with the query's cost. */
  run(
    filter: ResolvedFilter,
    build: StatementBuilder,
    visit: (rows: Row[]) => void | Promise<void>,
  ): Promise<QueryStats>;
  /**
   * Like {@link run}, but visits each page as its columns (`columns[i].getItem(row)`, values as the engine holds
   * them: numbers as numbers) without making an object per row: for scans of every event, where the objects cost
   * more than the query. Engines that page small results (Athena) leave it out.
   */
  runColumns?(
    filter: ResolvedFilter,
    build: StatementBuilder,
    visit: (columns: readonly ColumnReader[], rowCount: number) => void | Promise<void>,
  ): Promise<QueryStats>;
  /** What describes the engine for `cloudtrail://status`. */
  status(): Promise<Record<string, unknown>>;
  /** Releases connections. */
  close(): Promise<void>;
}
