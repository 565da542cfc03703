import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, createMcpServer, mcpOptionsFromEnv } from '../../src/index.js';
import { AthenaEngine } from '../../src/query/AthenaEngine.js';
import { engineProvider } from '../../src/sources/engineProvider.js';

const athena = mockClient(AthenaClient);
const ATHENA = {
  MCP_AUTH_MODE: 'none',
  CLOUDTRAIL_SOURCE: 'athena',
  ATHENA_WORKGROUP: 'wg',
  ATHENA_DATABASE: 'db',
  ATHENA_TABLE: 'logs',
};

beforeEach(() => athena.reset());

describe('mcpOptionsFromEnv with query engines', () => {
  it('names every missing Athena setting', () => {
    // Act / Assess
    expect(() =>
      mcpOptionsFromEnv({ MCP_AUTH_MODE: 'none', CLOUDTRAIL_SOURCE: 'athena', ATHENA_WORKGROUP: 'wg' }),
    ).toThrow(/CLOUDTRAIL_SOURCE=athena needs ATHENA_DATABASE, ATHENA_TABLE/);
  });

  it('refuses a table name that is not an identifier and a ceiling that is not a number', () => {
    // Act / Assess
    expect(() => mcpOptionsFromEnv({ ...ATHENA, ATHENA_TABLE: 'logs; DROP' })).toThrow(ConfigError);
    expect(() => mcpOptionsFromEnv({ ...ATHENA, ATHENA_MAX_BYTES_SCANNED: '10GB' })).toThrow(/whole number/);
  });

  it('serves Athena and DuckDB through engine providers, in-process files on request', async () => {
    // Act
    const athenaOptions = mcpOptionsFromEnv({ ...ATHENA, ATHENA_MAX_BYTES_SCANNED: '1000000000' });
    const files = mcpOptionsFromEnv({ MCP_AUTH_MODE: 'none', CLOUDTRAIL_FILES: '/nowhere' });
    const memory = mcpOptionsFromEnv({
      MCP_AUTH_MODE: 'none',
      CLOUDTRAIL_FILES: '/nowhere',
      CLOUDTRAIL_ENGINE: 'memory',
    });
    // Assess
    expect(athenaOptions.provider.kind).toBe('athena');
    expect(await athenaOptions.provider.status()).toMatchObject({
      engine: 'athena',
      workGroup: 'wg',
      maxBytesScanned: 1e9,
    });
    expect(files.provider.kind).toBe('files');
    expect('engine' in files.provider).toBe(true);
    expect('engine' in memory.provider).toBe(false);
  });
});

describe('MCP tools on an engine', () => {
  it('counts event names in Athena with accountId and region filters, and reports the bytes scanned', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-9' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 123_456 } },
    });
    const names = ['dim', 'k', 'n', 'firstms', 'lastms'];
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name, Type: 'varchar' })) },
        Rows: [
          { Data: names.map((VarCharValue) => ({ VarCharValue })) },
          // The total (dimension 0) has an empty key, which a result may also carry as no value at all.
          { Data: [{ VarCharValue: '0' }, {}, { VarCharValue: '4' }, {}, {}] },
          { Data: [{ VarCharValue: '1' }, { VarCharValue: 'StopLogging' }, { VarCharValue: '4' }, {}, {}] },
        ],
      },
    });
    const engine = new AthenaEngine({
      workGroup: 'wg',
      database: 'db',
      table: 'logs',
      client: new AthenaClient({ region: 'eu-west-1' }),
    });
    const server = createMcpServer({ provider: engineProvider(engine) });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'test', version: '1' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    // Act
    const answer = await client.callTool({
      name: 'get_cloudtrail_event_names',
      arguments: {
        accountId: '111122223333',
        region: 'eu-west-1',
        eventName: 'StopLogging',
        startTime: '2026-01-01T00:00:00Z',
        endTime: '2026-01-02T00:00:00Z',
      },
    });
    await client.close();
    // Assess
    expect(answer.structuredContent).toMatchObject({
      total: 4,
      eventNames: [{ key: 'StopLogging', count: 4 }],
      stats: { engine: 'athena', bytesScanned: 123_456, queryIds: ['q-9'] },
    });
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.ExecutionParameters).toEqual(
      expect.arrayContaining(["'111122223333'", "'eu-west-1'", "'StopLogging'"]),
    );
  });
});
