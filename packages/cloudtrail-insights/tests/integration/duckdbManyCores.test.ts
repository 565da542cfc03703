import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { activitySummary } from '../../src/query/analyses/activitySummary.js';
import { forEachSession } from '../../src/query/analyses/callSequences.js';
import { DuckDbEngine } from '../../src/query/DuckDbEngine.js';
import { EngineConfigError } from '../../src/query/errors.js';
import { resolveFilter } from '../../src/query/QueryFilter.js';
import { DUCKDB_RECORD_STRUCTURE } from '../../src/query/tableLayout.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

// A machine of 8 cores, as most laptops and a 10 GB Lambda (6 vCPUs) have more than this one: DuckDB's own
// default, a thread per core, needs about 8 x 56 MiB to read trail files and failed with Out of Memory under the
// engine's default 256 MB limit.
vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => 8,
}));

const start = Date.parse('2026-01-01T00:00:00Z');

/** `records` real samples (the fields the engine reads) as one trail log file, with fresh ids and times. */
function writeLog(root: string, name: string, records: number, offset: number): void {
  const fields = Object.keys(DUCKDB_RECORD_STRUCTURE);
  const samples = rawRecords(FIXTURE_DIR).map((record) =>
    Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]])),
  );
  const folder = join(root, 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/01/01');
  mkdirSync(folder, { recursive: true });
  const list = Array.from({ length: records }, (_, i) => ({
    ...samples[(offset + i) % samples.length],
    eventID: `cores-${offset + i}`,
    eventTime: new Date(start + ((offset + i) % 86_400) * 1000).toISOString(),
    userIdentity: { type: 'IAMUser', userName: `user-${(offset + i) % 50}`, accountId: '111122223333' },
  }));
  writeFileSync(join(folder, `${name}.json.gz`), gzipSync(JSON.stringify({ Records: list })));
}

/** Runs `act` on a DuckDB engine over `root` with default settings, closing it afterwards. */
async function withEngine(root: string, act: (engine: DuckDbEngine) => Promise<void>): Promise<void> {
  const engine = await DuckDbEngine.open({ root });
  try {
    await act(engine);
  } finally {
    await engine.close();
  }
}

describe('DuckDB engine with default settings on a machine of many cores', () => {
  const roots: string[] = [];
  /** A trail bucket of `files` log files of `records` records each. */
  const bucket = (files: number, records: number): string => {
    const root = mkdtempSync(join(tmpdir(), 'mv-duckdb-cores-'));
    roots.push(root);
    for (let f = 0; f < files; f++) writeLog(root, `log-${f}`, records, f * records);
    return root;
  };
  let small: string;
  let large: string;
  let huge: string;

  beforeAll(() => {
    // 240 files of 1,000 records: enough for every thread to read at once.
    small = bucket(240, 1_000);
    // 3 files of ~17 MiB of JSON: 3 reading threads of them run out of 256 MB, 1 does not.
    large = bucket(3, 40_000);
    // Files of ~34 MiB of JSON, which one reading thread cannot read within 256 MB.
    huge = bucket(2, 80_000);
  });
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('reads a window with as many threads as the memory limit carries', async () => {
    await withEngine(small, async (engine) => {
      // Act
      const { result } = await activitySummary(engine, {});
      let calls = 0;
      await forEachSession(engine, {}, {}, (sessions) => {
        for (const s of sessions) calls += s.eventNames.length;
      });
      // Assess
      expect(result.total).toBe(240_000);
      expect(calls).toBe(240_000);
    });
  });

  it('reads a window of large files with fewer threads when the usual count runs out of memory', async () => {
    await withEngine(large, async (engine) => {
      // Act
      const { result } = await activitySummary(engine, {});
      let threads: string | null | undefined;
      await engine.run(
        resolveFilter({}),
        (_relation, p) => p.statement("SELECT current_setting('threads') AS t"),
        (rows) => {
          threads = rows[0]?.t;
        },
      );
      // Assess: every event, and DuckDB back to the engine's thread count for what follows.
      expect(result.total).toBe(120_000);
      expect(threads).toBe('3');
    });
  });

  it('says what to raise when the files of a window do not fit even one reading thread', async () => {
    await withEngine(huge, async (engine) => {
      // Act
      const failure = activitySummary(engine, {});
      // Assess: a typed error that names the setting, not DuckDB's own out-of-memory text.
      await expect(failure).rejects.toBeInstanceOf(EngineConfigError);
      await expect(failure).rejects.toThrow(/largest 3\d MiB of JSON.*DUCKDB_MEMORY_LIMIT/);
    });
  });

  it('refuses at start a memory limit that cannot carry one reading thread', async () => {
    // Act / Assess
    await expect(DuckDbEngine.open({ root: small, memoryLimit: '64MB' })).rejects.toThrow(/about 96 MiB/);
  });
});
