import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EngineConfigError } from './errors.js';
import type { QueryEngine, QueryStats, StatementBuilder } from './QueryEngine.js';
import type { ResolvedFilter } from './QueryFilter.js';
import { ParamBinder, type Row, sqlLiteral } from './Statement.js';
import { DUCKDB_RECORD_STRUCTURE } from './tableLayout.js';
import { listTrailFiles, type TrailFile } from './trailFiles.js';

/** Options of {@link DuckDbEngine.open}. */
export interface DuckDbEngineOptions {
  /** A trail bucket copy (`AWSLogs/...`), a plain folder of CloudTrail JSON files, or one file. */
  root: string;
  /** Worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /** DuckDB memory limit, e.g. `'1GB'` (default: DuckDB's, 80% of RAM; it spills to disk beyond). */
  memoryLimit?: string;
}

// The Trino functions the shared SQL uses that DuckDB names differently.
const TRINO_MACROS = [
  'CREATE OR REPLACE MACRO array_join(l, sep) AS array_to_string(l, sep)',
  'CREATE OR REPLACE MACRO day_of_week(t) AS isodow(t)',
  'CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
];

// A trail log file is one JSON object: allow large ones (CloudTrail writes files of up to tens of MB).
const READ_OPTIONS = 'maximum_object_size = 268435456, ignore_errors = true';
const STRUCTURE = sqlLiteral(JSON.stringify(DUCKDB_RECORD_STRUCTURE));

function fileList(files: TrailFile[]): string {
  return `[${files.map((f) => sqlLiteral(f.path)).join(', ')}]`;
}

/**
 * The relation of the Athena table's columns over local files: trail log files are unnested from `Records`,
 * bare arrays read element by element; each record is read as JSON, the analysed fields typed out of it with
 * `json_transform` and the whole record kept as JSON (`record`). The paths are the engine's own listing.
 * @internal
 */
export function duckDbRelation(files: TrailFile[]): string {
  const records = files.filter((f) => f.shape === 'records');
  const arrays = files.filter((f) => f.shape === 'array');
  const parts: string[] = [];
  if (records.length > 0)
    parts.push(
      `SELECT unnest(json_extract(json, '$.Records[*]')) AS j FROM read_json_objects(${fileList(records)}, format = 'unstructured', ${READ_OPTIONS})`,
    );
  if (arrays.length > 0)
    parts.push(
      `SELECT json AS j FROM read_json_objects(${fileList(arrays)}, format = 'array', ${READ_OPTIONS})`,
    );
  if (parts.length === 0) parts.push('SELECT CAST(NULL AS JSON) AS j WHERE false');
  return `(SELECT s.eventTime AS eventtime, s.eventName AS eventname, s.eventSource AS eventsource,
    s.eventID AS eventid, s.awsRegion AS awsregion, s.sourceIPAddress AS sourceipaddress, s.userAgent AS useragent,
    s.errorCode AS errorcode, s.readOnly AS readonly, s.recipientAccountId AS recipientaccountid,
    s.userIdentity AS useridentity,
    ' ' || array_to_string(list_transform(s.resources, r -> r.ARN), ' ') || ' ' AS resourcearns,
    ' ' || array_to_string(list_transform(s.resources, r -> r.type), ' ') || ' ' AS resourcetypes,
    CAST(j AS VARCHAR) AS record
  FROM (SELECT json_transform(j, ${STRUCTURE}) AS s, j FROM (${parts.join(' UNION ALL ')}) raw
    WHERE json_type(j) = 'OBJECT') typed)`;
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
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

  /** Opens nothing yet: the native module loads on the first query. */
  constructor(private readonly options: DuckDbEngineOptions) {}

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
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    const instance = await api.DuckDBInstance.create(':memory:', config);
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
    const started = performance.now();
    const files = await listTrailFiles(this.options.root, filter);
    const { sql, params } = build(duckDbRelation(files), new ParamBinder());
    const connection: DuckDBConnection = await (await this.started()).connect();
    try {
      const result = await connection.stream(sql, params);
      const names = result.deduplicatedColumnNames();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk.getRows().map((values) => {
          const row: Row = {};
          for (let i = 0; i < names.length; i++) row[names[i]!] = toText(values[i]);
          return row;
        });
        await visit(rows);
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
    };
  }

  async status(): Promise<Record<string, unknown>> {
    return { engine: 'duckdb', path: this.options.root };
  }

  async close(): Promise<void> {
    if (this.instance) (await this.instance).closeSync();
    this.instance = undefined;
  }
}
