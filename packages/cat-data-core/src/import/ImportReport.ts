import * as z from 'zod';

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
  /** Data rows in the file (header excluded). */
  rowsRead: z.number().int(),
  /** Rows left out by the species filter. */
  rowsFiltered: z.number().int(),
  rowsInvalid: z.number().int(),
  /** New records written (cats, intakes, outcomes, ... together). */
  recordsAdded: z.number().int(),
  /** Records of this file that were already stored (a re-import adds nothing). */
  recordsAlreadyPresent: z.number().int(),
  added: z.record(z.string(), z.number().int()),
  problems: z.array(RowProblem),
});
/** An {@link ImportReport}. */
export type ImportReport = z.infer<typeof ImportReport>;

/**
 * Renders problems as CSV (line, field, value, reason) for people who open reports in a spreadsheet.
 *
 * @example
 * await writeFile('report.csv', problemsToCsv(report.problems));
 */
export function problemsToCsv(problems: readonly RowProblem[]): string {
  const cell = (v: string | number | undefined) => {
    const s = v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [
    'line,field,value,reason',
    ...problems.map((p) => [p.line, p.field, p.value, p.reason].map(cell).join(',')),
  ]
    .join('\n')
    .concat('\n');
}
