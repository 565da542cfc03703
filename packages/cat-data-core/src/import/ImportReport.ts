import * as z from 'zod';
import { spreadsheetCsv } from '../analytics/spreadsheetCsv.js';

/**
 * Why one row (or one cell) was not imported.
 *
 * @example
 * RowProblem.parse({ line: 7, field: 'intakeDate', value: '2023/02/30', reason: '2023-02-30 is not a calendar date' });
 */
export const RowProblem = z.object({
  /** Line of the file the record starts on (the header is line 1). */
  line: z.number().int(),
  /** The mapping field, or `row` for a problem with the row as a whole. */
  field: z.string(),
  value: z.string().optional(),
  reason: z.string(),
});
/** A {@link RowProblem}. */
export type RowProblem = z.infer<typeof RowProblem>;

/** Characters of a cell a problem echoes: enough to find the cell, not a hostile cell whole. */
export const echoedLength = 200;

/**
 * The part of a cell a {@link RowProblem} echoes: at most {@link echoedLength} characters, then how long it was, so
 * that a 10-million-character cell (a stray quote, a hostile file) does not end up in reports and the database.
 *
 * @example
 * problemValue('x'.repeat(1_000)); // 'xxx…x… (1000 characters)'
 */
export function problemValue(cell: string): string {
  if (cell.length <= echoedLength) return cell;
  // Not in the middle of a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(cell[echoedLength - 1]!) ? echoedLength - 1 : echoedLength;
  return `${cell.slice(0, cut)}… (${cell.length} characters)`;
}

/**
 * A valid row whose records all repeat those of an earlier row of the same file (same natural keys), so it was
 * merged into that row: listed, never dropped in silence.
 *
 * @example
 * RowDuplicate.parse({ line: 9, duplicateOf: 4 });
 */
export const RowDuplicate = z.object({ line: z.number().int(), duplicateOf: z.number().int() });
/** A {@link RowDuplicate}. */
export type RowDuplicate = z.infer<typeof RowDuplicate>;

/**
 * The outcome of one import.
 *
 * @example
 * const report: ImportReport = await importCsv(repository, { bytes, mapping, skipInvalid: true });
 * console.log(`${report.recordsAdded} added, ${report.rowsInvalid} invalid rows`);
 */
export const ImportReport = z.object({
  importId: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  encoding: z.enum(['utf-8', 'shift_jis']),
  /**
   * Data rows in the file (header and blank lines excluded). Every one is accounted for:
   * `rowsRead = rowsStored + rowsDuplicate + rowsFiltered + rowsInvalid`.
   */
  rowsRead: z.number().int(),
  /** Valid rows whose records are stored (added now, or already stored by an earlier import). */
  rowsStored: z.number().int(),
  /** Valid rows merged into an earlier row of the file with the same keys (listed in `duplicates`). */
  rowsDuplicate: z.number().int(),
  /** Rows left out by the species filter. */
  rowsFiltered: z.number().int(),
  /** Rows not imported: structurally broken (see `problems`) or failing validation. */
  rowsInvalid: z.number().int(),
  /** New records written (cats, intakes, outcomes, ... together). */
  recordsAdded: z.number().int(),
  /** Records of this file that were already stored (a re-import adds nothing). */
  recordsAlreadyPresent: z.number().int(),
  added: z.record(z.string(), z.number().int()),
  problems: z.array(RowProblem),
  duplicates: z.array(RowDuplicate),
});
/** An {@link ImportReport}. */
export type ImportReport = z.infer<typeof ImportReport>;

/**
 * Renders problems as CSV (line, field, value, reason) for people who open reports in a spreadsheet; duplicates, when
 * given, follow as rows of field `row`. Cells are defused against formula injection (see `spreadsheetCell`).
 *
 * @example
 * await writeFile('report.csv', problemsToCsv(report.problems, report.duplicates));
 */
export function problemsToCsv(
  problems: readonly RowProblem[],
  duplicates: readonly RowDuplicate[] = [],
): string {
  return spreadsheetCsv(
    ['line', 'field', 'value', 'reason'],
    [
      ...problems.map((p) => [p.line, p.field, p.value, p.reason]),
      ...duplicates.map((d) => [
        d.line,
        'row',
        undefined,
        `duplicate of line ${d.duplicateOf}: the same records, merged into that line`,
      ]),
    ],
    { lineBreak: '\n' },
  );
}
