import type { SqlSession } from '../db/SqlDatabase.js';
import { ConflictError } from '../errors.js';
import type { RawObjectLink } from './ImportRecord.js';
import type { RowDuplicate, RowProblem } from './ImportReport.js';

/** What an import read of its file: `rowsRead = rowsStored + rowsDuplicate + rowsFiltered + rowsInvalid`. @internal */
export interface ImportSummary {
  rowsRead: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsFiltered: number;
  rowsInvalid: number;
  problems: RowProblem[];
  duplicates: RowDuplicate[];
}

/** Who and what an import's entry in `cat_data.imports` records before its rows are read. @internal */
export interface ImportEntry {
  kind: string;
  fileName: string;
  sha256: string;
  createdBy?: string | null;
  rawObject?: RawObjectLink | null;
}

/**
 * Opens an import's entry in `cat_data.imports`, inside the import's transaction: completes the pending entry the
 * API's upload step created, or records a new one. The counts and problems are written once the whole file is read
 * ({@link completeImportEntry}).
 *
 * @example
 * const importId = await openImportEntry(session, { kind: 'shelter', fileName: 'a.csv', sha256 });
 * @throws {ConflictError} when the pending import has already run
 * @internal
 */
export async function openImportEntry(
  s: SqlSession,
  entry: ImportEntry,
  pendingImportId?: number,
): Promise<number> {
  const values = [entry.kind, entry.fileName, entry.sha256, 0, 0, 0, '[]', entry.createdBy ?? null];
  if (pendingImportId !== undefined) {
    const rows = await s.query<{ id: number }>(
      `UPDATE cat_data.imports SET kind = $1, file_name = $2, sha256 = $3, rows_read = $4, rows_filtered = $5,
         rows_invalid = $6, problems = $7::jsonb, created_by = coalesce(created_by, $8)
       WHERE id = $9 AND status IN ('pending', 'queued', 'running') RETURNING id`,
      [...values, pendingImportId],
    );
    if (!rows[0]) throw new ConflictError(`Import ${pendingImportId} has already run.`);
    return rows[0].id;
  }
  const raw = entry.rawObject;
  const rows = await s.query<{ id: number }>(
    `INSERT INTO cat_data.imports (kind, file_name, sha256, rows_read, rows_filtered, rows_invalid, problems,
       created_by, s3_bucket, s3_key, s3_version_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11) RETURNING id`,
    [...values, raw?.bucket ?? null, raw?.key ?? null, raw?.versionId ?? null],
  );
  return rows[0]!.id;
}

/**
 * Marks an import's entry completed with its counts and problems, in the import's transaction.
 *
 * @example
 * await completeImportEntry(session, importId, { recordsAdded: 3, recordsAlreadyPresent: 0 }, summary);
 * @internal
 */
export async function completeImportEntry(
  s: SqlSession,
  importId: number,
  records: { recordsAdded: number; recordsAlreadyPresent: number },
  summary: ImportSummary,
): Promise<void> {
  await s.query(
    `UPDATE cat_data.imports SET status = 'completed', completed_at = now(), records_added = $2,
       records_already_present = $3, rows_read = $4, rows_filtered = $5, rows_invalid = $6, problems = $7::jsonb,
       rows_stored = $8, rows_duplicate = $9, duplicates = $10::jsonb
     WHERE id = $1`,
    [
      importId,
      records.recordsAdded,
      records.recordsAlreadyPresent,
      summary.rowsRead,
      summary.rowsFiltered,
      summary.rowsInvalid,
      JSON.stringify(summary.problems),
      summary.rowsStored,
      summary.rowsDuplicate,
      JSON.stringify(summary.duplicates),
    ],
  );
}
