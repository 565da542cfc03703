import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitySummary } from '../../src/query/analyses/activitySummary.js';
import { forEachSession } from '../../src/query/analyses/callSequences.js';
import { DuckDbEngine } from '../../src/query/DuckDbEngine.js';
import { DUCKDB_RECORD_STRUCTURE } from '../../src/query/tableLayout.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

// Far more events than the memory limit holds as a table: before the fix the JSON reader's fixed 128 MiB a thread
// failed any window under this limit, and the sessions' ordered array_agg failed this one even with it sized.
const EVENTS = 250_000;
const PER_FILE = 1_000;
const MEMORY_LIMIT = '80MB';

/** The samples resampled into a trail bucket: 200 IAM users over 30 days, only the fields the engine reads. */
function writeBucket(root: string): void {
  const fields = Object.keys(DUCKDB_RECORD_STRUCTURE);
  const samples = rawRecords(FIXTURE_DIR).map((record) =>
    Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]])),
  );
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let file = 0; file * PER_FILE < EVENTS; file++) {
    const day = file % 30;
    const records = Array.from({ length: PER_FILE }, (_, i) => {
      const n = file * PER_FILE + i;
      return {
        ...samples[n % samples.length],
        eventID: `memory-${n}`,
        eventTime: new Date(start + day * 86_400_000 + ((n * 7_919) % 86_400) * 1000).toISOString(),
        recipientAccountId: '111122223333',
        userIdentity: { type: 'IAMUser', userName: `user-${n % 200}`, accountId: '111122223333' },
      };
    });
    const folder = join(
      root,
      'AWSLogs/111122223333/CloudTrail/eu-west-1',
      `2026/01/${String(day + 1).padStart(2, '0')}`,
    );
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `log-${file}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
}

describe('DuckDB engine under a memory limit smaller than the window', () => {
  let root: string;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mv-duckdb-memory-'));
    writeBucket(root);
    engine = await DuckDbEngine.open({ root, memoryLimit: MEMORY_LIMIT, threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the summary and streams every call in sessions, spilling instead of failing', async () => {
    // Act
    const { result } = await activitySummary(engine, {});
    let calls = 0;
    let outOfOrder = 0;
    let previous = '';
    await forEachSession(engine, {}, {}, (sessions) => {
      for (const session of sessions) {
        calls += session.eventNames.length;
        const key = `${session.identity}\u0000${session.start}`;
        if (key < previous || session.end < session.start) outOfOrder++;
        previous = key;
      }
    });
    // Assess
    expect(result.total).toBe(EVENTS);
    expect(result.byIdentity).toHaveLength(200);
    expect(calls).toBe(EVENTS);
    expect(outOfOrder).toBe(0);
  });
});
