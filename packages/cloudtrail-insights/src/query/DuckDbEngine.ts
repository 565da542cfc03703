import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckDbRecordsQuery, duckDbRelation } from './duckDbRelation.js';
import { memoryLimitBytes, READER_MIN_OBJECT_BYTES, readingThreads } from './duckDbThreads.js';
import { EngineConfigError } from './errors.js';
import type { ColumnReader, QueryEngine, QueryStats, StatementBuilder } from './QueryEngine.js';
import type { ResolvedFilter } from './QueryFilter.js';
import { ParamBinder, type Row } from './Statement.js';
import { listTrailFiles, type TrailFile } from './trailFiles.js';
import { WindowTable } from './WindowTable.js';

/** Options of {@link DuckDbEngine.open}. */
export interface DuckDbEngineOptions {
  /** A trail bucket copy (`AWSLogs/...`), a plain folder of CloudTrail JSON files, or one file. */
  root: string;
  /**
   * Worker threads, used as given. Default: one per core, but no more than `memoryLimit` carries while reading
   * trail files: each reading thread holds a file's text and the rows it is writing, about 56 MiB for CloudTrail's
   * usual files of a few MB (sized at 64 MiB: the default 256 MB carries 3 threads). Files of tens of MB of JSON
   * need far more a thread: a window build that runs out of memory is retried with half the threads, down to one,
   * and files that do not fit one thread are an `EngineConfigError` that says to raise `memoryLimit`.
   */
  threads?: number;
  /**
   * DuckDB memory limit (default `'256MB'`): a window's table and the sorts beyond it spill to `tempDirectory`,
   * so peak memory stays put however many events a window holds. The default thread count follows it.
   */
  memoryLimit?: string;
  /**
   * Where DuckDB spills beyond the memory limit. Default: a folder the engine makes in the OS temporary directory
   * when it starts and removes on {@link DuckDbEngine.close} (the servers close their engine on SIGINT, SIGTERM and
   * the end of stdio); a folder given here is left in place.
   */
  tempDirectory?: string;
}

/**
 * {@link DuckDbEngineOptions.memoryLimit}'s default. The process's peak stays about 230 MB above DuckDB's limit
 * (Node, the native module, allocations DuckDB does not count); at 512 MB that margin grew with the window
 * (1M events 717 MiB peak RSS, 2M 855 MiB), at 256 MB it does not (1M and 2M: 480-490 MiB), for about the same CPU.
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT = '256MB';

// The Trino functions the shared SQL uses that DuckDB names differently.
const TRINO_MACROS = [
  'CREATE OR REPLACE MACRO array_join(l, sep) AS array_to_string(l, sep)',
  'CREATE OR REPLACE MACRO day_of_week(t) AS isodow(t)',
  'CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
];

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

const REF = /^\d+:\d+$/;

/** Replaces the `record` references of the window table by the whole records, read from the files they name. */
async function withRecords(connection: DuckDBConnection, files: TrailFile[], rows: Row[]): Promise<void> {
  const refs = [
    ...new Set(rows.map((row) => row.record).filter((ref): ref is string => REF.test(ref ?? ''))),
  ];
  if (refs.length === 0) return;
  const reader = await connection.runAndReadAll(duckDbRecordsQuery(files, refs));
  const json = new Map(reader.getRows().map(([ref, text]) => [String(ref), toText(text)]));
  for (const row of rows) row.record = json.get(row.record ?? '') ?? null;
}

/**
 * DuckDB, embedded (no server): the analyses over local trail files, aggregated in the engine and streamed back
 * in chunks. `@duckdb/node-api` is loaded on first use only, so bundles that never open a DuckDB engine (the
 * Lambda function) do not carry it.
 *
 * @example
 * const engine = await DuckDbEngine.open({ root: './trail-bucket' });
 * const { result } = await activitySummary(engine, { accountIds: ['111122223333'] });
 * await engine.close();
 */
export class DuckDbEngine implements QueryEngine {
  readonly kind = 'duckdb' as const;
  readonly needsWindow = false;

  private instance?: Promise<DuckDBInstance>;
  /** The spill folder this engine made (no `tempDirectory` given), removed on close. */
  private spillFolder?: string;
  private readonly threads: number;
  private readonly windows = new WindowTable();

  /**
   * Opens nothing yet: the native module loads on the first query. Throws an `EngineConfigError` for a memory
   * limit that is not a size or cannot carry one reading thread.
   */
  constructor(private readonly options: DuckDbEngineOptions) {
    const limitBytes = memoryLimitBytes(options.memoryLimit ?? DEFAULT_DUCKDB_MEMORY_LIMIT);
    // DuckDB's own default, a thread per core, runs out of memory reading on a machine of many cores.
    this.threads =
      options.threads ?? readingThreads(limitBytes, READER_MIN_OBJECT_BYTES, availableParallelism());
  }

  /**
   * An engine with its DuckDB instance started (fails early when `@duckdb/node-api` is missing).
   *
   * @example
   * const engine = await DuckDbEngine.open({ root: './trail' });
   */
  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const engine = new DuckDbEngine(options);
    await engine.started();
    return engine;
  }

  private started(): Promise<DuckDBInstance> {
    this.instance ??= this.start();
    return this.instance;
  }

  private async start(): Promise<DuckDBInstance> {
    const options = this.options;
    // A computed specifier keeps bundlers from pulling the native module into bundles that never use it.
    const specifier = ['@duckdb', 'node-api'].join('/');
    let api: typeof import('@duckdb/node-api');
    try {
      api = (await import(specifier)) as typeof import('@duckdb/node-api');
    } catch (error) {
      throw new EngineConfigError('the DuckDB engine needs the @duckdb/node-api package installed', {
        cause: error,
      });
    }
    const config: Record<string, string> = {};
    config.memory_limit = options.memoryLimit ?? DEFAULT_DUCKDB_MEMORY_LIMIT;
    config.threads = String(this.threads);
    // Every analysis that needs an order says ORDER BY: rows need not keep file order, which lets the window
    // table be written by all threads without buffering to keep it (and spill when it is large).
    config.preserve_insertion_order = 'false';
    // A folder of its own, made here and removed on close: a process that exits without closing the engine
    // leaves its spill files (hundreds of MB for a large window) where nothing else removes them.
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    else {
      try {
        this.spillFolder = await mkdtemp(join(tmpdir(), 'mv-cloudtrail-duckdb-'));
      } catch (error) {
        throw new EngineConfigError(
          `the DuckDB engine cannot make its spill folder in ${tmpdir()}: give tempDirectory`,
          { cause: error },
        );
      }
      config.temp_directory = this.spillFolder;
    }
    let instance: DuckDBInstance;
    try {
      instance = await api.DuckDBInstance.create(':memory:', config);
    } catch (error) {
      await this.removeSpillFolder();
      throw error;
    }
    const connection = await instance.connect();
    try {
      for (const macro of TRINO_MACROS) await connection.run(macro);
      // Hours and weekdays are UTC. Without the ICU extension DuckDB's time zone is UTC already; with it, set it.
      await connection.run("SET TimeZone = 'UTC'").catch(() => undefined);
    } finally {
      connection.closeSync();
    }
    return instance;
  }

  async run(
    filter: ResolvedFilter,
    build: StatementBuilder,
    visit: (rows: Row[]) => void | Promise<void>,
  ): Promise<QueryStats> {
    return this.execute(filter, build, async (names, columns, rowCount, connection, files) => {
      // Column by column from the vectors: no array of values per row on the way to the row objects.
      const rows: Row[] = new Array(rowCount);
      for (let r = 0; r < rowCount; r++) {
        const row: Row = {};
        for (let i = 0; i < names.length; i++) row[names[i]!] = toText(columns[i]!.getItem(r));
        rows[r] = row;
      }
      if (names.includes('record')) await withRecords(connection, files, rows);
      await visit(rows);
    });
  }

  async runColumns(
    filter: ResolvedFilter,
    build: StatementBuilder,
    visit: (columns: readonly ColumnReader[], rowCount: number) => void | Promise<void>,
  ): Promise<QueryStats> {
    return this.execute(filter, build, (_names, columns, rowCount) => visit(columns, rowCount));
  }

  /** Runs a statement over the window table of the filter's files and hands each result chunk to `onChunk`. */
  private async execute(
    filter: ResolvedFilter,
    build: StatementBuilder,
    onChunk: (
      names: readonly string[],
      columns: readonly ColumnReader[],
      rowCount: number,
      connection: DuckDBConnection,
      files: TrailFile[],
    ) => void | Promise<void>,
  ): Promise<QueryStats> {
    const started = performance.now();
    const files = await listTrailFiles(this.options.root, filter);
    const connection: DuckDBConnection = await (await this.started()).connect();
    let reused = false;
    try {
      const window = await this.windows.acquire(connection, files, this.threads);
      reused = window.reused;
      try {
        const { sql, params } = build(duckDbRelation(window.table), new ParamBinder());
        const result = await connection.stream(sql, params);
        const names = result.deduplicatedColumnNames();
        // The next chunk is fetched (on a DuckDB thread) while this one is visited: streaming a sorted result
        // is a call into the engine per 2,048 rows, which otherwise waits for each visit in turn.
        let next = result.fetchChunk();
        try {
          for (;;) {
            const chunk = await next;
            if (!chunk || chunk.rowCount === 0) break;
            next = result.fetchChunk();
            const columns = names.map((_, i) => chunk.getColumnVector(i));
            await onChunk(names, columns, chunk.rowCount, connection, files);
          }
        } finally {
          // A visit that throws leaves a fetch running: done with it before the connection closes.
          await next.catch(() => undefined);
        }
      } finally {
        await window.release(connection);
      }
    } finally {
      connection.closeSync();
    }
    return {
      engine: 'duckdb',
      queries: 1,
      bytesScanned: files.reduce((sum, f) => sum + f.bytes, 0),
      elapsedMs: Math.round(performance.now() - started),
      files: files.length,
      reused,
    };
  }

  async status(): Promise<Record<string, unknown>> {
    return {
      engine: 'duckdb',
      path: this.options.root,
      threads: this.threads,
      memoryLimit: this.options.memoryLimit ?? DEFAULT_DUCKDB_MEMORY_LIMIT,
    };
  }

  /** Closes DuckDB and removes the spill folder the engine made; the next query starts it again. */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) (await instance.catch(() => undefined))?.closeSync();
    await this.removeSpillFolder();
  }

  private async removeSpillFolder(): Promise<void> {
    const folder = this.spillFolder;
    this.spillFolder = undefined;
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
