import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, filesProvider, mcpOptionsFromEnv, readCloudTrailFiles } from '../../src/index.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

const records = rawRecords(FIXTURE_DIR);

describe('readCloudTrailFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a tree of .json.gz log files, .jsonl and arrays, oldest first, ignoring other files', async () => {
    const third = Math.floor(records.length / 3);
    writeFileSync(join(dir, 'a.json.gz'), gzipSync(JSON.stringify({ Records: records.slice(0, third) })));
    writeFileSync(
      join(dir, 'b.jsonl'),
      records
        .slice(third, 2 * third)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    writeFileSync(join(dir, 'c.json'), JSON.stringify(records.slice(2 * third)));
    writeFileSync(join(dir, 'digest.txt'), 'not cloudtrail');
    const events = await readCloudTrailFiles(dir);
    expect(events.map((e) => e.eventId).sort()).toEqual(records.map((r) => String(r.eventID)).sort());
    const times = events.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('filesProvider', () => {
  const provider = filesProvider(FIXTURE_DIR);

  it('without a time range returns every event, newest first', async () => {
    const { events, truncated } = await provider.fetch({});
    expect(events).toHaveLength(records.length);
    expect(truncated).toBe(false);
    expect(events[0]!.timestamp).toBeGreaterThanOrEqual(events[events.length - 1]!.timestamp);
  });

  it('filters by time range and one attribute, and bounds the result', async () => {
    const day = await provider.fetch({ startTime: '2024-07-31T00:00:00Z', endTime: '2024-07-31T23:59:59Z' });
    expect(day.events).toHaveLength(
      records.filter((r) => String(r.eventTime).startsWith('2024-07-31')).length,
    );
    const stop = await provider.fetch({ attribute: { key: 'EventName', value: 'StopLogging' } });
    expect(stop.events.map((e) => e.eventName)).toEqual(['StopLogging']);
    const role = await provider.fetch({
      attribute: { key: 'Username', value: 'stratus-red-team-ec2-get-password-data-role' },
    });
    expect(role.events.length).toBeGreaterThan(0);
    const bounded = await provider.fetch({ maxEvents: 3 });
    expect(bounded).toMatchObject({ truncated: true });
    expect(bounded.events).toHaveLength(3);
    let visited = 0;
    await provider.forEachPage({}, (events) => {
      visited += events.length;
    });
    expect(visited).toBe(records.length);
  });
});

describe('mcpOptionsFromEnv', () => {
  const open = { MCP_AUTH_MODE: 'none' };
  it('picks the source from the environment', async () => {
    expect(mcpOptionsFromEnv({ ...open, CLOUDTRAIL_FILES: FIXTURE_DIR }).provider.kind).toBe('files');
    expect(
      mcpOptionsFromEnv({ ...open, CLOUDTRAIL_BUCKET: 'trail', AWS_REGION: 'eu-west-1' }).provider.kind,
    ).toBe('s3');
    const lookup = mcpOptionsFromEnv({ AWS_REGION: 'eu-west-1', MCP_AUTH_TOKEN: 't0ken' });
    expect(lookup.provider.kind).toBe('lookup-events');
    expect(lookup).toMatchObject({ authMode: 'token', bearerToken: 't0ken' });
    expect(lookup.analyst).toBeUndefined();
    expect(lookup.analystUnavailableReason).toMatch(/BEDROCK_MODEL_ID/);
    const withClaude = mcpOptionsFromEnv({
      ...open,
      CLOUDTRAIL_FILES: FIXTURE_DIR,
      BEDROCK_MODEL_ID: 'apac.anthropic.claude-sonnet-4-x',
    });
    expect(withClaude.analyst?.modelId).toBe('apac.anthropic.claude-sonnet-4-x');
  });

  it('says what is missing for an incomplete configuration, as a ConfigError naming the variable', () => {
    expect(() => mcpOptionsFromEnv({ ...open, CLOUDTRAIL_SOURCE: 'files' })).toThrow(/CLOUDTRAIL_FILES/);
    expect(() => mcpOptionsFromEnv({ ...open, CLOUDTRAIL_SOURCE: 's3' })).toThrow(/CLOUDTRAIL_BUCKET/);
    expect(() => mcpOptionsFromEnv({ ...open, CLOUDTRAIL_SOURCE: 'athena' })).toThrow(ConfigError);
  });

  it('fails closed: no auth setting is a ConfigError, not an open server', () => {
    expect(() => mcpOptionsFromEnv({ CLOUDTRAIL_FILES: FIXTURE_DIR })).toThrow(ConfigError);
    expect(() => mcpOptionsFromEnv({ CLOUDTRAIL_FILES: FIXTURE_DIR })).toThrow(/MCP_AUTH_MODE/);
    expect(() => mcpOptionsFromEnv({ CLOUDTRAIL_FILES: FIXTURE_DIR, MCP_AUTH_MODE: 'token' })).toThrow(
      /MCP_AUTH_TOKEN_SECRET_ARN/,
    );
    expect(mcpOptionsFromEnv({ CLOUDTRAIL_FILES: FIXTURE_DIR, MCP_AUTH_MODE: 'iam' }).authMode).toBe('iam');
    const secret = mcpOptionsFromEnv({
      CLOUDTRAIL_FILES: FIXTURE_DIR,
      MCP_AUTH_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:mcp-token',
    });
    expect(secret.authMode).toBe('token');
    expect(typeof secret.bearerToken).toBe('function'); // read from Secrets Manager on first use
  });
});
