import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import pkg from 'node-sql-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../src/query/AthenaEngine.js';
import { activitySummary } from '../../src/query/analyses/activitySummary.js';
import { forEachSession } from '../../src/query/analyses/callSequences.js';
import { eventLookup } from '../../src/query/analyses/eventLookup.js';
import { identityBaselines } from '../../src/query/analyses/identityBaselines.js';
import { usedActions } from '../../src/query/analyses/usedActions.js';
import { BytesScannedLimitError, EngineConfigError, QueryFailedError } from '../../src/query/errors.js';
import type { QueryFilter } from '../../src/query/QueryFilter.js';
import { everyFilter, HOSTILE_VALUES } from '../support/hostileFilter.js';

expect.extend(allCustomMatcher);
const { Parser } = pkg;

const athena = mockClient(AthenaClient);
const waits: number[] = [];
const engine = (extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) =>
  new AthenaEngine({
    workGroup: 'cloudtrail',
    database: 'cloudtrail_db',
    table: 'trail_logs',
    client: new AthenaClient({ region: 'eu-west-1' }),
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });
const header = (...names: string[]) => ({ Data: names.map((VarCharValue) => ({ VarCharValue })) });
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((VarCharValue) => ({ VarCharValue })),
});
const columns = (...names: string[]) => ({ ColumnInfo: names.map((Name) => ({ Name, Type: 'varchar' })) });
const succeeded = (bytes: number) => ({
  QueryExecution: { Status: { State: 'SUCCEEDED' as const }, Statistics: { DataScannedInBytes: bytes } },
});
const window: QueryFilter = { startTime: '2026-01-31T00:00:00Z', endTime: '2026-01-31T23:59:59Z' };

beforeEach(() => {
  athena.reset();
  waits.length = 0;
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves(succeeded(1_000));
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: columns('k', 'n', 'firstms', 'lastms'),
      Rows: [header('k', 'n', 'firstms', 'lastms')],
    },
  });
});

describe('AthenaEngine request flow', () => {
  it('starts, polls through throttling with backoff, pages the results and reports bytes and cost', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }))
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({
        QueryExecution: { Status: { State: 'RUNNING' }, Statistics: { DataScannedInBytes: 10 } },
      })
      .resolves(succeeded(2_000_000_000_000));
    const meta = columns('dim', 'k', 'n', 'firstms', 'lastms');
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({
        NextToken: 'page-2',
        ResultSet: {
          ResultSetMetadata: meta,
          Rows: [
            header('dim', 'k', 'n', 'firstms', 'lastms'),
            // Dimension 0 is the total, 1 the event name, 5 read/write, 6 the weekday x 24 + hour.
            row('0', '', '3', '1769817600000', '1769821200000'),
            row('1', 'StopLogging', '2', undefined, undefined),
          ],
        },
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: meta,
          Rows: [
            row('1', 'DeleteTrail', '1', undefined, undefined),
            row('5', 'false', '3', undefined, undefined),
            row('6', '144', '3', undefined, undefined),
          ],
        },
      });
    // Act
    const { result, stats } = await activitySummary(engine(), { ...window, accountIds: ['111122223333'] });
    // Assess
    expect(result.total).toBe(3);
    expect(result.byEventName).toEqual([
      { key: 'StopLogging', count: 2 },
      { key: 'DeleteTrail', count: 1 },
    ]);
    expect(result.readWrite).toEqual({ read: 0, write: 3, unknown: 0 });
    expect(result.hourByWeekday[6]![0]).toBe(3);
    expect(result.from).toBe('2026-01-31T00:00:00.000Z');
    expect(stats).toMatchObject({
      engine: 'athena',
      bytesScanned: 2_000_000_000_000,
      costUsd: 10,
      queryIds: ['q-1'],
    });
    expect(waits).toEqual([200, 200, 400]);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      WorkGroup: 'cloudtrail',
      QueryExecutionContext: { Database: 'cloudtrail_db', Catalog: 'AwsDataCatalog' },
    });
  });

  it('prunes partitions by account, Region and day with bound values', async () => {
    // Act
    await activitySummary(engine(), { ...window, accountIds: ['111122223333'], regions: ['eu-west-1'] });
    // Assess
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.QueryString).toContain('"account" IN (?)');
    expect(input.QueryString).toContain('"region" IN (?)');
    expect(input.QueryString).toContain('"timestamp" >= ? AND "timestamp" <= ?');
    expect(input.ExecutionParameters?.slice(0, 4)).toEqual([
      "'111122223333'",
      "'eu-west-1'",
      "'2026/01/31'",
      "'2026/02/01'",
    ]);
    expect(input.QueryString).not.toMatch(/2026|111122223333|eu-west-1/);
  });

  it("gives a typed error without Athena's message when the query fails", async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: 'COLUMN_NOT_FOUND: line 3: secret_table',
          AthenaError: { ErrorCategory: 2 },
        },
      },
    });
    // Act
    const failure = activitySummary(engine(), window);
    // Assess
    await expect(failure).rejects.toThrow(QueryFailedError);
    await expect(failure).rejects.toThrow(/q-1 ended FAILED with a query error/);
    await expect(failure).rejects.not.toThrow(/secret_table/);
  });

  it('stops a query that passes the bytes-scanned ceiling', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'RUNNING' }, Statistics: { DataScannedInBytes: 5_000 } },
    });
    // Act
    const failure = activitySummary(engine({ maxBytesScanned: 4_096 }), window);
    // Assess
    await expect(failure).rejects.toThrow(BytesScannedLimitError);
    expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-1' });
  });

  it('refuses table names that are not plain identifiers', () => {
    // Act / Assess
    expect(() => engine({ table: 'logs"; DROP TABLE x; --' })).toThrow(EngineConfigError);
  });
});

describe('generated Athena statements', () => {
  const hostile = HOSTILE_VALUES;
  const hostileFilter = (value: string): QueryFilter => ({
    ...window,
    ...everyFilter(value),
    readOnly: true,
  });
  const runAll = async (filter: QueryFilter) => {
    const e = engine();
    await activitySummary(e, filter);
    await identityBaselines(e, filter);
    await usedActions(e, filter);
    await eventLookup(e, filter, { limit: 10, offset: 20 });
    await forEachSession(e, filter, { gapMinutes: 30 }, () => undefined);
    return athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
  };

  it('parse as Trino SQL, one placeholder per execution parameter', async () => {
    // Act
    const inputs = await runAll(hostileFilter('value'));
    // Assess
    expect(inputs).toHaveLength(5);
    const parser = new Parser();
    for (const input of inputs) {
      expect(() => parser.astify(input.QueryString!, { database: 'trino' })).not.toThrow();
      expect(input.QueryString!.split('?').length - 1).toBe(input.ExecutionParameters!.length);
    }
  });

  it.each(hostile)('carry the hostile value %j in every filter only as parameters', async (value) => {
    // Act
    const inputs = await runAll(hostileFilter(value));
    // Assess
    const quoted = `'${value.replaceAll("'", "''")}'`;
    for (const input of inputs) {
      expect(input.QueryString).not.toContain(value);
      expect(input.QueryString).not.toContain('DROP');
      // account and Region twice (partition, record), identity three times (name, user, role), five others once
      expect(input.ExecutionParameters!.filter((p) => p === quoted)).toHaveLength(12);
      expect(input.ExecutionParameters).toContain(`'${value.replaceAll("'", "''")} '`);
    }
  });
});
