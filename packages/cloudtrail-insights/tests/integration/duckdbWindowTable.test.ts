import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activitySummary } from '../../src/query/analyses/activitySummary.js';
import { forEachSession } from '../../src/query/analyses/callSequences.js';
import { eventLookup } from '../../src/query/analyses/eventLookup.js';
import { DuckDbEngine } from '../../src/query/DuckDbEngine.js';
import type { ParamBinder } from '../../src/query/Statement.js';
import type { Session } from '../../src/types/Behaviour.js';
import { FIXTURE_DIR } from '../support/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: raw records as the publisher wrote them
type Raw = Record<string, any>;

const FOLDER = 'AWSLogs/111122223333/CloudTrail/eu-west-1/2024/08/01';

function samples(): Raw[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as Raw[]);
}

function writeLog(root: string, name: string, records: Raw[]): void {
  mkdirSync(join(root, FOLDER), { recursive: true });
  writeFileSync(join(root, FOLDER, name), gzipSync(JSON.stringify({ Records: records })));
}

describe('DuckDB engine: one table per query window, shared by its analyses', () => {
  let root: string;
  let engine: DuckDbEngine;
  let records: Raw[];

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'mv-duckdb-window-'));
    records = samples();
    writeLog(root, 'a.json.gz', records.slice(0, 40));
    writeLog(root, 'b.json.gz', records.slice(40, 100));
    engine = await DuckDbEngine.open({ root, threads: 2 });
  });
  afterEach(async () => {
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads the files of a window once and answers the next analysis from its table', async () => {
    // Act
    const first = await activitySummary(engine, {});
    const second = await activitySummary(engine, { eventName: records[0]!.eventName });
    // Assess
    expect(first.result.total).toBe(100);
    expect(first.stats.reused).toBe(false);
    expect(second.stats.reused).toBe(true);
    expect(second.result.total).toBe(
      records.slice(0, 100).filter((r) => r.eventName === records[0]!.eventName).length,
    );
  });

  it('streams every row once while fetching ahead, and stays usable after a visit that throws', async () => {
    // Prepare: 10,000 rows, five chunks of at most 2,048
    const numbers = (relation: string, p: ParamBinder) =>
      p.statement(`SELECT range AS n FROM range(10000) WHERE (SELECT count(*) FROM ${relation}) > 0`);
    const seen: number[] = [];
    let visits = 0;
    // Act
    const failed = engine.run({}, numbers, () => {
      if (++visits === 2) throw new Error('visit failed');
    });
    await expect(failed).rejects.toThrow('visit failed');
    await engine.run({}, numbers, (rows) => {
      for (const row of rows) seen.push(Number(row.n));
    });
    const after = await activitySummary(engine, {});
    // Assess
    expect(visits).toBe(2);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(after.result.total).toBe(100);
  });

  it('reads the window again when a file is added or rewritten', async () => {
    // Prepare
    await activitySummary(engine, {});
    // Act
    writeLog(root, 'c.json.gz', records.slice(100, 110));
    const added = await activitySummary(engine, {});
    writeLog(root, 'a.json.gz', records.slice(0, 5));
    const rewritten = await activitySummary(engine, {});
    // Assess
    expect(added.result.total).toBe(110);
    expect(added.stats.reused).toBe(false);
    expect(rewritten.result.total).toBe(75);
  });

  it('keeps a narrower window apart and comes back to the wider one', async () => {
    // Prepare
    const region = records.find((r) => r.awsRegion !== 'eu-west-1')!.awsRegion as string;
    const other = `AWSLogs/111122223333/CloudTrail/${region}/2024/08/01`;
    mkdirSync(join(root, other), { recursive: true });
    const three = records.filter((r) => r.awsRegion === region).slice(0, 3);
    writeFileSync(join(root, other, 'd.json.gz'), gzipSync(JSON.stringify({ Records: three })));
    // Act
    const wide = await activitySummary(engine, {});
    const narrow = await activitySummary(engine, { regions: [region] });
    const again = await activitySummary(engine, {});
    // Assess
    expect(wide.result.total).toBe(103);
    expect(narrow.result.total).toBe(3);
    expect(again.result.total).toBe(103);
  });

  it('serves two analyses started at once from one table, built once', async () => {
    // Prepare
    const sequential = await activitySummary(engine, {});
    const sequentialSessions: Session[] = [];
    await forEachSession(engine, {}, {}, (s) => {
      sequentialSessions.push(...s);
    });
    writeLog(root, 'c.json.gz', records.slice(100, 110));
    const sessions: Session[] = [];
    // Act
    const [summary, sessionStats] = await Promise.all([
      activitySummary(engine, {}),
      forEachSession(engine, {}, {}, (s) => {
        sessions.push(...s);
      }),
    ]);
    const after = await activitySummary(engine, {});
    // Assess
    expect([summary.stats.reused, sessionStats.reused].sort()).toEqual([false, true]);
    expect(summary.result.total).toBe(110);
    expect(after.stats.reused).toBe(true);
    expect(sessions.reduce((n, s) => n + s.eventNames.length, 0)).toBe(110);
    expect(sequential.result.total).toBe(100);
    expect(sequentialSessions.reduce((n, s) => n + s.eventNames.length, 0)).toBe(100);
  });

  it('names every call of sessions whose window changes between their two queries', async () => {
    // Prepare: the sessions' first query (the event-name dictionary) reads a.json.gz and b.json.gz; a file with a
    // name they lack arrives before the second (the calls).
    const arriving = { ...records[0]!, eventID: 'arriving', eventName: 'NameNoOtherFileHas' };
    const between = Object.create(engine) as DuckDbEngine;
    let queries = 0;
    between.run = async (...args) => {
      const stats = await engine.run(...args);
      if (++queries === 1) writeLog(root, 'c.json.gz', [arriving]);
      return stats;
    };
    const sessions: Session[] = [];
    // Act
    const stats = await forEachSession(between, {}, {}, (s) => {
      sessions.push(...s);
    });
    // Assess
    const names = sessions.flatMap((s) => s.eventNames);
    expect(names).toHaveLength(101);
    expect(names.filter((name) => name === 'NameNoOtherFileHas')).toHaveLength(1);
    expect(names).not.toContain(undefined);
    expect(stats.queries).toBe(2);
    expect(stats.reused).toBe(false);
  });

  it('returns the whole record of each looked-up event, read back from its file', async () => {
    // Prepare
    const byId = new Map(records.slice(0, 100).map((r) => [r.eventID as string, r]));
    // Act
    const { result } = await eventLookup(engine, {}, { limit: 100 });
    // Assess
    expect(result.events).toHaveLength(100);
    for (const event of result.events) expect(event.record).toEqual(byId.get(event.eventId!));
  });
});
