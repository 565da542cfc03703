import { CsvEncodingError, ImportMappingError } from '../errors.js';
import { problemValue, type RowProblem } from './ImportReport.js';
import type { CsvRecord } from './parseCsv.js';

/**
 * Finds the records of a file that are broken as CSV rather than as data: an unterminated quote, a number of fields
 * other than the header's, bytes invalid in the file's encoding, a NUL character (PostgreSQL text cannot hold one).
 * Each becomes an invalid row with its line and a reason, so that no such row is dropped in silence or reaches the
 * database. Records must be checked in file order. @internal
 *
 * @example
 * const check = new StructuralCheck(text, header, 'utf-8', invalidLines);
 * for (const record of records) { const problem = check.problem(record); if (problem) problems.push(problem); }
 */
export class StructuralCheck {
  /** Damaged lines, ascending, and why. */
  readonly #lines: number[];
  readonly #reasons = new Map<number, string>();
  #next = 0;
  readonly #fieldCount: number;

  /**
   * @throws {ImportMappingError} when the header line has an unterminated quote
   * @throws {CsvEncodingError} when the header line holds invalid bytes or a NUL character
   */
  constructor(
    text: string,
    header: CsvRecord,
    encoding: 'utf-8' | 'shift_jis',
    invalidLines: readonly number[] = [],
  ) {
    const encodingName = encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS';
    for (const line of invalidLines) {
      this.#reasons.set(line, `holds bytes that are not valid ${encodingName} (damaged or another encoding)`);
    }
    if (text.includes('\u0000')) {
      let line = 1;
      let from = 0;
      for (let nul = text.indexOf('\u0000'); nul !== -1; nul = text.indexOf('\u0000', nul + 1)) {
        for (let i = text.indexOf('\n', from); i !== -1 && i < nul; i = text.indexOf('\n', i + 1)) line++;
        from = nul;
        if (!this.#reasons.has(line)) {
          this.#reasons.set(line, 'holds a NUL character (byte 0x00), which no text field can store');
        }
      }
    }
    this.#lines = [...this.#reasons.keys()].sort((a, b) => a - b);
    this.#fieldCount = header.fields.length;
    if (header.problem !== undefined) throw new ImportMappingError(`The header line: ${header.problem}.`);
    const damaged = this.#damage(header);
    if (damaged !== undefined) throw new CsvEncodingError(`The header line ${damaged}.`);
  }

  /** Why this record is broken, or undefined when it is sound. */
  problem(record: CsvRecord): RowProblem | undefined {
    const { line, fields } = record;
    const damaged = this.#damage(record);
    if (damaged !== undefined) return { line, field: 'row', reason: damaged };
    if (record.problem !== undefined) {
      return { line, field: 'row', value: problemValue(fields.at(-1) ?? ''), reason: record.problem };
    }
    if (fields.length === this.#fieldCount) return undefined;
    // Empty cells past the header's columns lose nothing (some exports end every row with a separator).
    if (fields.length > this.#fieldCount && fields.every((f, i) => i < this.#fieldCount || f === '')) {
      return undefined;
    }
    return {
      line,
      field: 'row',
      reason: `has ${fields.length} fields where the header has ${this.#fieldCount}: a missing or extra separator, or a separator in an unquoted cell`,
    };
  }

  #damage(record: CsvRecord): string | undefined {
    const lines = this.#lines;
    while (this.#next < lines.length && lines[this.#next]! < record.line) this.#next++;
    const line = lines[this.#next];
    if (line === undefined || line > record.lastLine) return undefined;
    const reason = this.#reasons.get(line)!;
    return line === record.line ? reason : `${reason} (on line ${line}, inside this record)`;
  }
}
