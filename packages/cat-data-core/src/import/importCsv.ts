import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../db/SqlDatabase.js';
import { ImportMappingError, ImportRejectedError } from '../errors.js';
import { decodeText } from './decodeText.js';
import { ImportMapping, type ImportMappingInput } from './ImportMapping.js';
import type { RawObjectLink } from './ImportRecord.js';
import type { ImportReport, RowProblem } from './ImportReport.js';
import { loadImport } from './loadImport.js';
import { parseCsv } from './parseCsv.js';
import { RowMapper } from './RowMapper.js';
import { type StagingBatch, StagingTable } from './StagingTable.js';
import { StructuralCheck } from './StructuralCheck.js';

/**
 * Rows merged at a time: at least 50,000 (each merge has fixed costs) and at least a quarter of the file, because
 * every batch scans the tables the earlier ones wrote (a join to the cats, the anti-joins); four or five batches still
 * let mapping and merging overlap.
 */
const minimumBatchRows = 50_000;
const batchesPerFile = 4;

/** The lines of a text, a bound on its records (for deciding on a bulk load before reading them). */
function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Options of {@link importCsv}. */
export interface ImportCsvOptions {
  /** The file's bytes, exactly as received (the encoding is detected or declared in the mapping). */
  bytes: Uint8Array;
  /** A parsed or raw mapping (see {@link ImportMapping}). */
  mapping: ImportMapping | ImportMappingInput;
  /** Shown in reports and stored with the import. */
  fileName?: string;
  /**
   * `false` (default): all-or-nothing, any invalid row rejects the whole file and nothing is written.
   * `true`: the valid rows are imported and the invalid ones are listed in the report.
   */
  skipInvalid?: boolean;
  /** Who ran the import (a Cognito username, a CLI user). */
  createdBy?: string;
  /** The S3 object the raw CSV is kept in. */
  rawObject?: RawObjectLink;
  /** Completes an import created by the API's upload step instead of recording a new one. @internal */
  pendingImportId?: number;
  /** `copy` (default) or `insert` (one INSERT per row; slower, kept to measure the difference). */
  loadMethod?: 'copy' | 'insert';
  /** Rows merged at a time (default: a quarter of the file, at least 50,000). @internal */
  batchRows?: number;
}

/**
 * Imports one CSV: decodes it (UTF-8 with/without BOM, Shift_JIS), maps and validates every row, then writes the
 * valid rows in one transaction with COPY. Re-importing the same file adds nothing (natural keys).
 *
 * No row is lost in silence: a structurally broken record (unterminated quote, wrong number of fields, bytes invalid
 * in the file's encoding, a NUL character) is an invalid row with its line and reason, like a row failing
 * validation, and the report accounts for every row: `rowsRead = rowsStored + rowsDuplicate + rowsFiltered +
 * rowsInvalid`.
 *
 * @throws {ImportRejectedError} in all-or-nothing mode when any row is invalid (nothing is written)
 * @throws {ImportMappingError} when the mapping is invalid or names a column the file lacks
 * @example
 * const report = await importCsv(repository, {
 *   bytes: await readFile('intakes.csv'),
 *   mapping: JSON.parse(await readFile('intakes.mapping.json', 'utf8')),
 *   fileName: 'intakes.csv',
 *   skipInvalid: true,
 * });
 * console.log(report.recordsAdded, report.problems);
 */
export async function importCsv(
  repository: { readonly db: SqlDatabase },
  options: ImportCsvOptions,
): Promise<ImportReport> {
  const parsedMapping = ImportMapping.safeParse(options.mapping);
  if (!parsedMapping.success) {
    throw new ImportMappingError(
      `The mapping file is invalid: ${parsedMapping.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { details: parsedMapping.error.issues },
    );
  }
  const mapping = parsedMapping.data;
  const { text, encoding, invalidLines } = decodeText(options.bytes, mapping.encoding);
  const records = parseCsv(text, mapping.delimiter);
  const header = records.next();
  if (header.done) throw new ImportMappingError('The file is empty: a header line is expected.');
  const structure = new StructuralCheck(text, header.value, encoding, invalidLines);
  const mapper = new RowMapper(mapping, header.value.fields);
  const stage = new StagingTable(mapper.kind, mapper.columns, {
    keepRows: options.loadMethod === 'insert',
  });

  const expectedRows = countLines(text) - 1;
  const batchRows = options.batchRows ?? Math.max(minimumBatchRows, Math.ceil(expectedRows / batchesPerFile));
  const problems: RowProblem[] = [];
  let rowsRead = 0;
  let rowsFiltered = 0;
  let rowsInvalid = 0;
  /**
   * Maps the file into the staging table and hands it over a batch at a time, so that the database merges one batch
   * while the next is being mapped. In all-or-nothing mode nothing more is handed over after an invalid row, and the
   * rejection (after every row is checked, so the report is complete) rolls back what was.
   */
  async function* batches(): AsyncGenerator<StagingBatch> {
    let sinceYield = 0;
    for (const record of records) {
      const { line, fields } = record;
      rowsRead++;
      // Before the species filter: a broken row cannot be trusted to say what it is.
      const broken = structure.problem(record);
      if (broken !== undefined) {
        rowsInvalid++;
        problems.push(broken);
      } else if (!mapper.keeps(fields)) {
        rowsFiltered++;
        continue;
      } else {
        const result = mapper.map(fields, line);
        if (result.ok) {
          stage.add(result.row);
        } else {
          rowsInvalid++;
          problems.push(...result.problems);
        }
      }
      if (rowsInvalid > 0 && !options.skipInvalid) continue;
      if (stage.pendingRows >= batchRows) yield stage.takeBatch();
      // Lets the database connection send and receive while a long file is mapped.
      if (++sinceYield === 2_000) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (rowsInvalid > 0 && !options.skipInvalid) throw new ImportRejectedError(problems);
    if (stage.pendingRows > 0) yield stage.takeBatch();
  }

  const fileName = options.fileName ?? 'upload.csv';
  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  const loaded = await loadImport(
    repository.db,
    {
      kind: mapping.kind,
      recordKind: mapper.kind,
      stage,
      batches: batches(),
      expectedRows,
      summary: () => ({
        rowsRead,
        rowsStored: stage.rowCount - stage.duplicates.length,
        rowsDuplicate: stage.duplicates.length,
        rowsFiltered,
        rowsInvalid,
        problems,
        duplicates: stage.duplicates,
      }),
      fileName,
      sha256,
      createdBy: options.createdBy ?? null,
      rawObject: options.rawObject ?? null,
      loadMethod: options.loadMethod ?? 'copy',
    },
    options.pendingImportId,
  );
  return {
    importId: loaded.importId,
    kind: mapping.kind,
    fileName,
    sha256,
    encoding,
    rowsRead,
    rowsStored: stage.rowCount - stage.duplicates.length,
    rowsDuplicate: stage.duplicates.length,
    rowsFiltered,
    rowsInvalid,
    recordsAdded: loaded.recordsAdded,
    recordsAlreadyPresent: loaded.recordsAlreadyPresent,
    added: loaded.added,
    problems,
    duplicates: stage.duplicates,
  };
}
