import type { SqlSession } from '../db/SqlDatabase.js';
import type { BulkLoadStep, RecordKind } from './RecordKind.js';

/** Imports of at least this many rows may be bulk loads (see {@link bulkLoadSteps}). */
const bulkLoadMinimumRows = 5_000;
/** ... and bring at least one row per this many records stored in the tables they write. */
const bulkLoadMaximumRecordsPerRow = 8;

/**
 * The constraints and indexes to drop and restore for this load, or none. A row-level foreign-key trigger costs
 * about as much as the insert it guards, and so does keeping each index up to date row by row; for a bulk load it
 * is cheaper to drop them inside the import's transaction and restore them after the merge: an index is rebuilt
 * with one sort, a foreign key re-checked with one anti-join over the table. That pays off only when the file is
 * large against the tables already stored (restoring reads them all), so small imports into a large database keep
 * the per-row work. Either way no transaction ever commits rows the constraints would refuse, and outside the
 * import's transaction they are always in place. Dropping them locks the tables until commit (readers wait for a
 * bulk load; concurrent writers cannot slip duplicates in), all at once in a fixed order so that a bulk load waits for
 * imports already writing them rather than deadlocking with them; an advisory lock makes concurrent bulk loads queue.
 *
 * @example
 * const steps = await bulkLoadSteps(session, recordKinds.shelter, 200_000);
 * for (const step of steps) await session.query(step.drop);
 * @internal
 */
export async function bulkLoadSteps(
  s: SqlSession,
  recordKind: RecordKind,
  expectedRows: number,
): Promise<readonly BulkLoadStep[]> {
  const steps = recordKind.bulkLoad ?? [];
  if (steps.length === 0 || expectedRows < bulkLoadMinimumRows) return [];
  const tables = [...new Set(steps.map((step) => step.table))];
  const stored = await s.query<{ rows: number }>(
    'SELECT coalesce(sum(greatest(reltuples, 0)), 0)::float8 AS rows FROM pg_class WHERE oid = ANY($1::text[]::regclass[])',
    [tables],
  );
  // Measured (bench/cat-data-stats.mjs, 250k-row files): a bulk load costs about 16 µs per row of the file plus
  // 3–4.5 µs per stored record (the restore), the row-by-row checks 50–60 µs per row: even at ~8 records per row.
  if (expectedRows * bulkLoadMaximumRecordsPerRow < Number(stored[0]?.rows ?? 0)) return [];
  await s.query('SELECT pg_advisory_xact_lock(7230024)');
  const locks = recordKind.bulkLoadLocks ?? [];
  if (locks.length > 0) await s.query(`LOCK TABLE ${locks.join(', ')} IN ACCESS EXCLUSIVE MODE`);
  return steps;
}
