import { resolveAreas } from '../db/resolveAreas.js';
import type { SqlDatabase, SqlSession } from '../db/SqlDatabase.js';
import { bulkLoadSteps } from './bulkLoadSteps.js';
import { completeImportEntry, type ImportEntry, type ImportSummary, openImportEntry } from './importEntry.js';
import type { RecordKind } from './RecordKind.js';
import type { StagingBatch, StagingTable } from './StagingTable.js';

export type { ImportSummary };

/** What {@link loadImport} writes, in one transaction. @internal */
export interface ImportLoad extends ImportEntry {
  recordKind: RecordKind;
  /** The staging table the rows are mapped into (its layout, and its counts once every batch is taken). */
  stage: StagingTable;
  /** Its rows, a batch at a time; the next batch is mapped while the previous one is merged. */
  batches: AsyncIterable<StagingBatch>;
  /** At least the number of rows to come (bulk load or not is decided before the first batch). */
  expectedRows: number;
  /** The file's counts and problems, once every batch is taken. */
  summary: () => ImportSummary;
  /** `copy` (default) bulk-loads the staging table; `insert` sends one INSERT per row (for comparison only). */
  loadMethod?: 'copy' | 'insert';
}

/** What {@link loadImport} added. @internal */
export interface LoadedImport {
  importId: number;
  /** Records added, per merge step label (`cats`, `intakes`, ...). */
  added: Record<string, number>;
  recordsAdded: number;
  recordsAlreadyPresent: number;
}

/**
 * Writes a mapped import in ONE transaction: the import's entry, then per batch the staging table (COPY) and the
 * merge into the stored tables on natural keys, then the import's counts. If anything fails — the batches' source
 * included (a rejected file), or the process dies — nothing of it remains.
 *
 * @example
 * const loaded = await loadImport(repository.db, { kind: 'shelter', recordKind, stage, batches, ... });
 * @internal
 */
export function loadImport(
  db: SqlDatabase,
  load: ImportLoad,
  pendingImportId?: number,
): Promise<LoadedImport> {
  return db.transaction(async (s) => {
    // The merge hashes whole batches: give this transaction enough memory not to spill to disk.
    await s.query("SET LOCAL work_mem = '64MB'");
    const importId = await openImportEntry(s, load, pendingImportId);
    // Bulk or not is decided, and the tables locked, before this import writes anything (areas included).
    const bulkSteps = await bulkLoadSteps(s, load.recordKind, load.expectedRows);
    await s.query('CREATE TEMP TABLE stage_area (area_no integer, area_id integer) ON COMMIT DROP');
    await s.query(`CREATE TEMP TABLE stage (${load.stage.definition}) ON COMMIT DROP`);
    for (const step of bulkSteps) await s.query(step.drop);
    const { added, sqlCandidates } = await mergeBatches(s, load, importId);
    const records = countRecords(load, added, sqlCandidates);
    // Rebuilding an index sorts the table once; re-adding a foreign key checks every row of the table in one join.
    // A violation fails the whole import. Memory enough for a million-row table not to sort or hash on disk.
    if (bulkSteps.length > 0) {
      await s.query("SET LOCAL maintenance_work_mem = '256MB'");
      await s.query("SET LOCAL work_mem = '256MB'");
    }
    for (const step of [...bulkSteps].reverse()) await s.query(step.restore);
    await completeImportEntry(s, importId, records, load.summary());
    return { importId, added, ...records };
  });
}

/**
 * Stages and merges every batch; the database merges a batch while the next one is mapped (the two share the
 * machine's cores). Returns the records added and the candidates the statements counted, per step label.
 */
async function mergeBatches(
  s: SqlSession,
  load: ImportLoad,
  importId: number,
): Promise<{ added: Record<string, number>; sqlCandidates: Record<string, number> }> {
  const { stage } = load;
  // A step whose candidates the database counts would count a record seen in two batches twice: one batch.
  const batched = load.recordKind.merge.every((step) => step.label === null || step.candidates);
  const added: Record<string, number> = {};
  const sqlCandidates: Record<string, number> = {};
  let batches = 0;
  const loadBatch = async (batch: StagingBatch) => {
    if (batch.areas.length > 0) {
      const ids = await resolveAreas(s, batch.areas);
      await s.query('INSERT INTO stage_area SELECT * FROM unnest($1::int[], $2::int[])', [
        ids.map((_, i) => batch.firstAreaNo + i),
        ids,
      ]);
    }
    if (batches++ > 0) await s.query('TRUNCATE stage');
    if (load.loadMethod === 'insert') {
      const placeholders = stage.columns.map((_, i) => `$${i + 1}`).join(', ');
      const sql = `INSERT INTO stage (${stage.columns.join(', ')}) VALUES (${placeholders})`;
      for (const row of batch.rows ?? []) await s.query(sql, row);
    } else {
      await s.copyText('stage', stage.columns, batch.chunks);
    }
    if (batches === 1) {
      // A small sample is enough for the merge's plans (hash joins over the batch), and ten times cheaper.
      await s.query('SET LOCAL default_statistics_target = 10');
      await s.query('ANALYZE stage, stage_area');
    }
    for (const step of load.recordKind.merge) {
      const rows = await s.query<{ candidates?: number; added: number }>(
        step.sql,
        step.sql.includes('$1') ? [importId] : [],
      );
      if (step.label === null || !rows[0]) continue;
      added[step.label] = (added[step.label] ?? 0) + rows[0].added;
      sqlCandidates[step.label] = (sqlCandidates[step.label] ?? 0) + (rows[0].candidates ?? 0);
    }
  };
  let merging: Promise<void> | undefined;
  try {
    if (batched) {
      for await (const batch of load.batches) {
        await merging;
        merging = loadBatch(batch);
        merging.catch(() => {}); // awaited below; until then a failure must not count as unhandled
      }
    } else {
      const all: StagingBatch[] = [];
      for await (const batch of load.batches) all.push(batch);
      if (all.length > 0) {
        merging = loadBatch({
          chunks: all.flatMap((b) => b.chunks),
          rows: all[0]!.rows && all.flatMap((b) => b.rows ?? []),
          rowCount: all.reduce((n, b) => n + b.rowCount, 0),
          firstAreaNo: all[0]!.firstAreaNo,
          areas: all.flatMap((b) => b.areas),
        });
      }
    }
  } finally {
    await merging?.catch(() => {});
  }
  await merging;
  return { added, sqlCandidates };
}

/**
 * The records added and already present, over every labelled step (and each step's `added`, zero when it added
 * none). Candidates come from the staging table's key counts, or from the statements when a step has no key.
 */
function countRecords(
  load: ImportLoad,
  added: Record<string, number>,
  sqlCandidates: Record<string, number>,
): { recordsAdded: number; recordsAlreadyPresent: number } {
  const { stage } = load;
  let recordsAdded = 0;
  let recordsAlreadyPresent = 0;
  for (const step of load.recordKind.merge) {
    if (step.label === null) continue;
    const key = step.candidates ? stage.keys.indexOf(step.candidates.key) : -1;
    const candidates =
      key === -1
        ? (sqlCandidates[step.label] ?? 0)
        : step.candidates!.distinct
          ? stage.distinct[key]!
          : stage.present[key]!;
    const stepAdded = added[step.label] ?? 0;
    added[step.label] = stepAdded;
    recordsAdded += stepAdded;
    recordsAlreadyPresent += candidates - stepAdded;
  }
  return { recordsAdded, recordsAlreadyPresent };
}
