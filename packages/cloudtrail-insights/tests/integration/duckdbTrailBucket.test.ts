import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActivityAggregator,
  identityName,
  type ParsedEvent,
  parseCloudTrail,
  sessionise,
  suggestPolicy,
} from '../../src/index.js';
import { activitySummary } from '../../src/query/analyses/activitySummary.js';
import { forEachSession } from '../../src/query/analyses/callSequences.js';
import { eventLookup } from '../../src/query/analyses/eventLookup.js';
import { identityBaselines } from '../../src/query/analyses/identityBaselines.js';
import { suggestPolicyFromEngine } from '../../src/query/analyses/usedActions.js';
import { DuckDbEngine } from '../../src/query/DuckDbEngine.js';
import type { QueryEngine } from '../../src/query/QueryEngine.js';
import type { QueryFilter } from '../../src/query/QueryFilter.js';
import type { Session } from '../../src/types/Behaviour.js';
import { FIXTURE_DIR } from '../support/fixtures.js';
import { everyFilter, HOSTILE_VALUES } from '../support/hostileFilter.js';

// biome-ignore lint/suspicious/noExplicitAny: raw records as the publisher wrote them, read field by field
type Raw = Record<string, any>;
// Three sample files stay a plain folder of bare arrays, as the publisher wrote them; the rest becomes a bucket.
const PLAIN = [
  'aws.defense-evasion.cloudtrail-stop.json',
  'aws.discovery.ec2-download-user-data.json',
  'aws.impact.bedrock-invoke-model.json',
];

function write(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Lays the samples out as a trail bucket: one folder per record's account, Region and day, gzipped log files of
 * at most 7 records, odd accounts under an organisation id; plus files of other shapes CloudTrail writes beside. */
function layOutBucket(root: string): Raw[] {
  const all: Raw[] = [];
  const groups = new Map<string, Raw[]>();
  for (const name of readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const records = JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as Raw[];
    all.push(...records);
    if (PLAIN.includes(name)) {
      write(join(root, 'exports', name), JSON.stringify(records));
      continue;
    }
    for (const r of records) {
      const key = `${r.recipientAccountId}|${r.awsRegion}|${String(r.eventTime).slice(0, 10).replaceAll('-', '/')}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
  }
  for (const [key, records] of groups) {
    const [account, region, day] = key.split('|') as [string, string, string];
    const org = Number(account.at(-1)) % 2 === 1 ? 'o-a1b2c3d4e5/' : '';
    const folder = join(root, `AWSLogs/${org}${account}/CloudTrail/${region}/${day}`);
    for (let i = 0; i < records.length; i += 7) {
      const file = `${account}_CloudTrail_${region}_${day.replaceAll('/', '')}T0000Z_${i}.json.gz`;
      write(join(folder, file), gzipSync(JSON.stringify({ Records: records.slice(i, i + 7) })));
    }
    write(
      join(root, `AWSLogs/${org}${account}/CloudTrail-Digest/${region}/${day}/digest.json.gz`),
      gzipSync(JSON.stringify({ awsAccountId: account, logFiles: [] })),
    );
  }
  write(join(root, 'exports', 'not-cloudtrail.json'), JSON.stringify({ note: 'an object without Records' }));
  write(join(root, 'exports', 'numbers.json'), '[1, 2, 3]');
  write(join(root, 'AWSLogs', 'ConfigWritabilityCheckFile'), '');
  return all;
}

function inProcess(root: string, dir = root): ParsedEvent[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'CloudTrail-Digest' ? [] : inProcess(root, path);
    return entry.name.endsWith('.json') || entry.name.endsWith('.json.gz')
      ? parseCloudTrail(readFileSync(path))
      : [];
  });
}

function count(keys: (string | undefined)[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const key of keys) if (key) map.set(key, (map.get(key) ?? 0) + 1);
  return map;
}

const asMap = (list: { key: string; count: number }[]) => new Map(list.map((k) => [k.key, k.count]));

describe('DuckDB engine on the real samples laid out as a trail bucket', () => {
  let root: string;
  let raw: Raw[];
  let events: ParsedEvent[];
  let engine: DuckDbEngine;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mv-duckdb-bucket-'));
    raw = layOutBucket(root);
    events = inProcess(root);
    engine = await DuckDbEngine.open({ root, threads: 2 });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('counts every dimension as the files and the in-process aggregator do', async () => {
    // Prepare
    const aggregator = new ActivityAggregator();
    aggregator.addAll(events);
    const expected = aggregator.summary();
    // Act
    const { result, stats } = await activitySummary(engine, {});
    // Assess
    expect(result.total).toBe(raw.length);
    expect(result.total).toBe(expected.total);
    expect(asMap(result.byEventName)).toEqual(count(raw.map((r) => r.eventName)));
    expect(asMap(result.byEventSource)).toEqual(count(raw.map((r) => r.eventSource)));
    expect(asMap(result.byErrorCode)).toEqual(count(raw.map((r) => r.errorCode)));
    expect(asMap(result.byIdentity)).toEqual(
      count(raw.map((r) => identityName(r.userIdentity) ?? 'unknown')),
    );
    const { flagged: _ignored, ...withoutFlags } = expected;
    expect({ ...result, flagged: undefined }).toEqual({ ...withoutFlags, flagged: undefined });
    expect(stats).toMatchObject({ engine: 'duckdb', queries: 1 });
  });

  it('prunes files by account, Region and day and counts what the same filter keeps in process', async () => {
    // Prepare
    const filter: QueryFilter = {
      accountIds: ['017622104382', '457448411975'],
      regions: ['us-north-2r', 'apiso-northsouth-3r'],
      startTime: '2024-07-30T00:00:00Z',
      endTime: '2024-08-02T23:59:59Z',
    };
    const kept = events.filter(
      (e) => filter.accountIds!.includes(e.record.recipientAccountId!) && filter.regions!.includes(e.region!),
    );
    // Act
    const { result, stats } = await activitySummary(engine, filter);
    const all = await activitySummary(engine, {});
    // Assess
    expect(kept.length).toBe(79);
    expect(result.total).toBe(kept.length);
    expect(asMap(result.byEventName)).toEqual(count(kept.map((e) => e.eventName)));
    expect(stats.files).toBeLessThan(all.stats.files!);
  });

  it('filters by identity, event name and read-only as LookupEvents attributes do', async () => {
    // Prepare
    const byUser = events.filter((e) => e.identity === 'stratus-red-team-ec2-get-password-data-role');
    const stops = events.filter((e) => e.eventName === 'StopLogging');
    const writes = events.filter((e) => e.readOnly === false);
    // Act
    const user = await activitySummary(engine, { identity: 'stratus-red-team-ec2-get-password-data-role' });
    const stop = await activitySummary(engine, { eventName: 'StopLogging' });
    const write = await activitySummary(engine, { readOnly: false });
    // Assess
    expect(byUser.length).toBeGreaterThan(0);
    expect(user.result.total).toBe(byUser.length);
    expect(stop.result.total).toBe(stops.length);
    expect(write.result.total).toBe(writes.length);
  });

  it.each([
    ['from its columns', () => engine],
    [
      'through an engine that pages row objects only',
      (): QueryEngine => ({
        kind: engine.kind,
        needsWindow: engine.needsWindow,
        run: engine.run.bind(engine),
        status: () => engine.status(),
        close: async () => {},
      }),
    ],
  ])('cuts the same per-identity sessions as sessionise, %s', async (_, using) => {
    // Prepare
    const shape = (s: Session) => ({ ...s, eventNames: [...s.eventNames].sort() });
    const expected = sessionise(events).map((s) => ({
      identity: s.identity,
      start: s.events[0]!.eventTime,
      end: s.events.at(-1)!.eventTime,
      eventNames: s.events.map((e) => e.eventName),
    }));
    const key = (s: Session) => `${s.identity}|${s.start}`;
    // Act
    const sessions: Session[] = [];
    await forEachSession(using(), {}, {}, (page) => {
      sessions.push(...page);
    });
    // Assess
    expect(sessions.map(shape).sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(
      expected.map(shape).sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    );
  });

  it('finds the first-seen baselines the anomaly detector builds', async () => {
    // Act
    const { result } = await identityBaselines(engine, {});
    // Assess
    expect(result.reduce((sum, b) => sum + b.events, 0)).toBe(events.length);
    for (const baseline of result) {
      const own = events.filter((e) => e.identity === baseline.identity);
      expect(baseline.events).toBe(own.length);
      expect(baseline.errors).toBe(own.filter((e) => e.errorCode).length);
      const firstSeen = new Map<string, number>();
      for (const e of own)
        firstSeen.set(e.action, Math.min(firstSeen.get(e.action) ?? Infinity, e.timestamp));
      expect(new Map(baseline.actions.map((a) => [a.value, Date.parse(a.firstSeen)]))).toEqual(firstSeen);
    }
  });

  it('suggests the policy suggestPolicy builds from the events', async () => {
    for (const identity of [
      'stratus-red-team-ec2-get-password-data-role',
      'stratus-red-team-cloudtrail-delete',
    ]) {
      // Prepare
      const own = events.filter((e) => e.identity === identity);
      // Act
      const { result } = await suggestPolicyFromEngine(engine, { identity });
      // Assess
      expect(result).toEqual(suggestPolicy(own));
    }
  });

  it('pages events newest first with their full records', async () => {
    // Prepare
    const newest = [...events].sort(
      (a, b) => b.timestamp - a.timestamp || (a.eventId! < b.eventId! ? 1 : -1),
    );
    // Act
    const first = await eventLookup(engine, {}, { limit: 25 });
    const second = await eventLookup(engine, {}, { limit: 25, offset: first.result.nextOffset });
    // Assess
    expect(first.result.hasMore).toBe(true);
    expect([...first.result.events, ...second.result.events].map((e) => e.eventId)).toEqual(
      newest.slice(0, 50).map((e) => e.eventId),
    );
    expect(first.result.events[0]).toEqual(newest[0]);
  });

  it.each(HOSTILE_VALUES.map((value) => [value]))(
    'takes a hostile value %j in every filter as a plain value',
    async (value) => {
      // Act
      const { result } = await activitySummary(engine, everyFilter(value));
      const one = await activitySummary(engine, { eventName: value });
      // Assess
      expect(result.total).toBe(0);
      expect(one.result.total).toBe(0);
    },
  );
});
