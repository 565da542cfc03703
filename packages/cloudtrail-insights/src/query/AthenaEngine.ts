import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { BytesScannedLimitError, EngineConfigError, QueryFailedError } from './errors.js';
import { normalisedEvents } from './eventScan.js';
import type { QueryEngine, QueryStats, StatementBuilder } from './QueryEngine.js';
import type { ResolvedFilter } from './QueryFilter.js';
import { ParamBinder, type Row, type SqlParam } from './Statement.js';
import { ATHENA_PRICING, ATHENA_COLUMNS as C, PROJECTION_KEYS as K } from './tableLayout.js';

/** Options of {@link AthenaEngine}. */
export interface AthenaEngineOptions {
  workGroup: string;
  database: string;
  table: string;
  /** Data catalog (default `AwsDataCatalog`). */
  catalog?: string;
  client?: AthenaClient;
  /** Stop and refuse a query past this many bytes scanned (default: none; the workgroup's cutoff still applies). */
  maxBytesScanned?: number;
  /** USD per TB scanned for the cost estimate (default 5). */
  usdPerTB?: number;
  /** First poll delay; doubles up to `pollMaxMs` (defaults 200 ms and 5 s). */
  pollInitialMs?: number;
  pollMaxMs?: number;
  /** Give up (and stop the query) after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Result rows per GetQueryResults page (default 1000, Athena's maximum). */
  pageSize?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

const IDENTIFIER = /^[A-Za-z0-9_-]{1,255}$/;
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException']);

/** An execution parameter as Athena takes it: a typed SQL literal, which Athena binds, never pastes. @internal */
export function athenaParameter(value: SqlParam): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EngineConfigError('a numeric parameter must be finite');
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Athena over the trail bucket: the shared SQL on the CloudTrail table, pruned by the partition-projection keys
 * (`account`, `region`, `timestamp`), every value an execution parameter. Polls with exponential backoff (and
 * backs off further when throttled), pages results, reports bytes scanned and a cost estimate with every answer,
 * and stops a query that passes `maxBytesScanned`.
 *
 * @example
 * const engine = new AthenaEngine({ workGroup: 'cloudtrail', database: 'cloudtrail', table: 'trail_logs' });
 * const { result, stats } = await activitySummary(engine, { accountIds: ['111122223333'], startTime: '2026-01-30T00:00:00Z' });
 * console.log(stats.bytesScanned, stats.costUsd);
 */
export class AthenaEngine implements QueryEngine {
  readonly kind = 'athena' as const;
  readonly needsWindow = true;
  private readonly client: AthenaClient;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AthenaEngineOptions) {
    for (const [name, value] of [
      ['ATHENA_WORKGROUP', options.workGroup],
      ['ATHENA_DATABASE', options.database],
      ['ATHENA_TABLE', options.table],
      ['ATHENA_CATALOG', options.catalog ?? 'AwsDataCatalog'],
    ] as const) {
      if (!IDENTIFIER.test(value ?? ''))
        throw new EngineConfigError(
          `${name} must be a name of letters, digits, _ or - (got ${JSON.stringify(value)})`,
        );
    }
    this.client = options.client ?? new AthenaClient({});
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The table narrowed by its partition keys; the event-level filters follow in the shared scan. @internal */
  relation(filter: ResolvedFilter, p: ParamBinder): string {
    const { catalog = 'AwsDataCatalog', database, table } = this.options;
    const where: string[] = [];
    if (filter.accountIds) where.push(`"${K.account}" IN (${p.bindList(filter.accountIds)})`);
    if (filter.regions) where.push(`"${K.region}" IN (${p.bindList(filter.regions)})`);
    if (filter.firstDay) where.push(`"${K.date}" >= ${p.bind(filter.firstDay)}`);
    if (filter.lastDay) where.push(`"${K.date}" <= ${p.bind(filter.lastDay)}`);
    const rows = `(SELECT ${C.eventTime}, ${C.eventName}, ${C.eventSource}, ${C.eventId}, ${C.awsRegion},
    ${C.sourceIpAddress}, ${C.userAgent}, ${C.errorCode}, ${C.readOnly}, ${C.recipientAccountId}, ${C.userIdentity},
    ' ' || array_join(transform(${C.resources}, r -> r.arn), ' ') || ' ' AS resourcearns,
    ' ' || array_join(transform(${C.resources}, r -> r.type), ' ') || ' ' AS resourcetypes
  FROM "${catalog}"."${database}"."${table}"${where.length ? ` WHERE ${where.join(' AND ')}` : ''}) t`;
    return `(${normalisedEvents(rows, 'CAST(NULL AS VARCHAR) AS record')}) n`;
  }

  /** Calls Athena, waiting and retrying while it throttles (it answers throttling as an error). */
  private async send<T>(call: () => Promise<T>): Promise<T> {
    let delay = this.options.pollInitialMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!THROTTLED.has((error as Error).name) || attempt >= 8) throw error;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.options.pollMaxMs ?? 5000);
      }
    }
  }

  private async stop(queryId: string): Promise<void> {
    await this.send(() =>
      this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId })),
    ).catch(() => undefined);
  }

  private async waitFor(queryId: string): Promise<number> {
    const limit = this.options.maxBytesScanned;
    const deadline = Date.now() + (this.options.timeoutMs ?? 300_000);
    let delay = this.options.pollInitialMs ?? 200;
    for (;;) {
      const out: GetQueryExecutionCommandOutput = await this.send(() =>
        this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })),
      );
      const execution = out.QueryExecution;
      const state = execution?.Status?.State;
      const scanned = execution?.Statistics?.DataScannedInBytes ?? 0;
      if (limit !== undefined && scanned > limit) {
        if (state === 'QUEUED' || state === 'RUNNING') await this.stop(queryId);
        throw new BytesScannedLimitError(scanned, limit);
      }
      if (state === 'SUCCEEDED') return scanned;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.StateChangeReason ?? '';
        if (/bytes scanned limit/i.test(reason)) throw new BytesScannedLimitError(scanned, limit ?? scanned);
        const category = execution?.Status?.AthenaError?.ErrorCategory;
        const kind =
          category === 2 ? 'a query error' : category === 1 ? 'an Athena system error' : 'an error';
        throw new QueryFailedError(
          `the Athena query ${queryId} ended ${state} with ${kind}; see the query in the Athena console`,
          queryId,
          state,
        );
      }
      if (Date.now() > deadline) {
        await this.stop(queryId);
        throw new QueryFailedError(
          `the Athena query ${queryId} took too long and was stopped`,
          queryId,
          'TIMEOUT',
        );
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, this.options.pollMaxMs ?? 5000);
    }
  }

  async run(
    filter: ResolvedFilter,
    build: StatementBuilder,
    visit: (rows: Row[]) => void | Promise<void>,
  ): Promise<QueryStats> {
    const started = performance.now();
    const binder = new ParamBinder();
    const { sql, params } = build(this.relation(filter, binder), binder);
    const { workGroup, database, catalog = 'AwsDataCatalog' } = this.options;
    const start = await this.send(() =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: workGroup,
          QueryExecutionContext: { Database: database, Catalog: catalog },
          ExecutionParameters: params.length > 0 ? params.map(athenaParameter) : undefined,
        }),
      ),
    );
    const queryId = start.QueryExecutionId;
    if (!queryId) throw new QueryFailedError('Athena did not return a query id');
    const bytesScanned = await this.waitFor(queryId);
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.send(() =>
        this.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryId,
            NextToken: token,
            MaxResults: this.options.pageSize ?? 1000,
          }),
        ),
      );
      const names = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      // The first row of the first page repeats the column names.
      const data = (page.ResultSet?.Rows ?? []).slice(first ? 1 : 0);
      first = false;
      await visit(
        data.map((r) => {
          const row: Row = {};
          names.forEach((name, i) => {
            row[name] = r.Data?.[i]?.VarCharValue ?? null;
          });
          return row;
        }),
      );
      token = page.NextToken;
    } while (token);
    const billed = Math.max(bytesScanned, ATHENA_PRICING.minimumBytes);
    return {
      engine: 'athena',
      queries: 1,
      bytesScanned,
      costUsd: (billed / 1e12) * (this.options.usdPerTB ?? ATHENA_PRICING.usdPerTB),
      elapsedMs: Math.round(performance.now() - started),
      queryIds: [queryId],
    };
  }

  async status(): Promise<Record<string, unknown>> {
    const { workGroup, database, table, maxBytesScanned } = this.options;
    return { engine: 'athena', workGroup, database, table, maxBytesScanned: maxBytesScanned ?? null };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
