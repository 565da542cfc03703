import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CatDataRepository,
  type ImportMappingInput,
  ImportRejectedError,
  type ImportReport,
  importCsv,
} from '../../src/index.js';

const mapping: ImportMappingInput = {
  version: 1,
  kind: 'shelter',
  encoding: 'utf-8',
  species: { column: 'Animal', include: ['Cat'] },
  columns: { externalId: 'ID', name: 'Name', intakeDate: 'Intake', intakeType: 'Type' },
};
const header = 'ID,Name,Intake,Type,Animal';
const utf8 = (text: string) => new TextEncoder().encode(text);
const catRow = (i: number) => `C${i},Cat ${i},2024-04-${String((i % 28) + 1).padStart(2, '0')},stray,Cat`;

/** The four kinds of row an import ends with: together they are every row it read. */
function assertEveryRowCounted(report: ImportReport) {
  expect(report.rowsStored + report.rowsDuplicate + report.rowsFiltered + report.rowsInvalid).toBe(
    report.rowsRead,
  );
  expect(report.duplicates).toHaveLength(report.rowsDuplicate);
  expect(new Set(report.problems.map((p) => p.line)).size).toBe(report.rowsInvalid);
}

describe('importCsv accounts for every row of a malformed CSV', () => {
  let repository: CatDataRepository;
  const cats = async () =>
    (await repository.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cat_data.cats'))[0]!.n;
  beforeAll(async () => {
    repository = await CatDataRepository.openPglite();
  });
  afterAll(() => repository.close());
  beforeEach(async () => {
    await repository.db.query(
      'TRUNCATE cat_data.intakes, cat_data.outcomes, cat_data.cats, cat_data.imports, cat_data.areas CASCADE',
    );
  });

  it('reports an unterminated quote on its line and imports the other four cats (issue 11 item 7)', async () => {
    // Prepare: the five-cat file of the issue; the stray quote used to swallow three cats into one cell
    const csv = [header, catRow(1), 'C2,"Mike,2024-04-02,stray,Cat', catRow(3), catRow(4), catRow(5)];
    // Act
    const report = await importCsv(repository, { bytes: utf8(csv.join('\n')), mapping, skipInvalid: true });
    // Assess
    expect(report).toMatchObject({ rowsRead: 5, rowsStored: 4, rowsFiltered: 0, rowsInvalid: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'row',
        reason: expect.stringMatching(/^unterminated quote/),
      }),
    ]);
    expect(await cats()).toBe(4);
    assertEveryRowCounted(report);
  });

  it('reports a wrong field count, invalid UTF-8 and a NUL byte with their lines and reasons', async () => {
    // Prepare
    const lines = [header, catRow(1), `${catRow(2)},extra`, 'C3,Ku\xffro,2024-04-03,stray,Cat', catRow(4)];
    const text = [...lines, 'C5,Sh\u0000iro,2024-04-05,stray,Cat', 'C6,Dog,2024-04-06,stray,Dog'].join(
      '\r\n',
    );
    const bytes = utf8(text);
    bytes[bytes.indexOf(0xc3)] = 0xff; // the \xff above was encoded as C3 BF: leave a lone, invalid FF BF
    // Act
    const report = await importCsv(repository, { bytes, mapping, skipInvalid: true });
    // Assess
    expect(report.problems.map((p) => [p.line, p.reason])).toEqual([
      [
        3,
        'has 6 fields where the header has 5: a missing or extra separator, or a separator in an unquoted cell',
      ],
      [4, 'holds bytes that are not valid UTF-8 (damaged or another encoding)'],
      [6, 'holds a NUL character (byte 0x00), which no text field can store'],
    ]);
    expect(report).toMatchObject({ rowsRead: 6, rowsStored: 2, rowsFiltered: 1, rowsInvalid: 3 });
    expect(await cats()).toBe(2);
    assertEveryRowCounted(report);
  });

  it('rejects, never a DatabaseError, when one NUL byte sits among 1,000 valid rows (all-or-nothing)', async () => {
    // Prepare
    const rows = Array.from({ length: 1_000 }, (_, i) => catRow(i));
    rows.splice(500, 0, 'C-nul,\u0000,2024-04-01,stray,Cat');
    const bytes = utf8([header, ...rows].join('\n'));
    // Act
    const rejected = await importCsv(repository, { bytes, mapping }).catch((error: unknown) => error);
    const report = await importCsv(repository, { bytes, mapping, skipInvalid: true });
    // Assess
    expect(rejected).toBeInstanceOf(ImportRejectedError);
    expect((rejected as ImportRejectedError).problems).toEqual([
      expect.objectContaining({ line: 502, reason: expect.stringContaining('NUL') }),
    ]);
    expect(report).toMatchObject({ rowsRead: 1_001, rowsStored: 1_000, rowsInvalid: 1 });
    expect(await cats()).toBe(1_000);
  });

  it('lists a row merged into an earlier one with the same keys, with both lines', async () => {
    // Prepare: line 4 repeats line 2's cat and intake, with another name that is not stored
    const csv = [header, catRow(1), catRow(2), 'C1,Other name,2024-04-02,stray,Cat'].join('\n');
    // Act
    const report = await importCsv(repository, { bytes: utf8(csv), mapping, skipInvalid: true });
    // Assess
    expect(report).toMatchObject({ rowsRead: 3, rowsStored: 2, rowsDuplicate: 1 });
    expect(report.duplicates).toEqual([{ line: 4, duplicateOf: 2 }]);
    expect(await repository.getImport(report.importId)).toMatchObject({
      rowsStored: 2,
      rowsDuplicate: 1,
      duplicates: [{ line: 4, duplicateOf: 2 }],
    });
    assertEveryRowCounted(report);
  });

  it('echoes at most 200 characters of a hostile cell into the report', async () => {
    // Prepare: a 1-million-character name (longer than the field's 100)
    const csv = [header, `C1,${'x'.repeat(1_000_000)},2024-04-01,stray,Cat`].join('\n');
    // Act
    const report = await importCsv(repository, { bytes: utf8(csv), mapping, skipInvalid: true });
    // Assess
    expect(report.problems[0]!.value).toBe(`${'x'.repeat(200)}… (1000000 characters)`);
    const stored = await repository.getImport(report.importId);
    expect(JSON.stringify(stored.problems).length).toBeLessThan(1_000);
  });

  it('holds rows read = stored + duplicates + filtered + invalid for any damaged file', async () => {
    // Prepare: rows that are sound, repeated, dogs, or damaged in one of the structural ways
    const kind = fc.constantFrom('cat', 'repeat', 'dog', 'quote', 'extra', 'missing', 'nul', 'badDate');
    const render = (k: string, i: number): string =>
      ({
        cat: catRow(i),
        repeat: catRow(0),
        dog: `D${i},Pochi,2024-04-01,stray,Dog`,
        quote: `C${i},"Tama,2024-04-01,stray,Cat`,
        extra: `${catRow(i)},`.concat('x'),
        missing: `C${i},Tama,2024-04-01,stray`,
        nul: `C${i},Ta\u0000ma,2024-04-01,stray,Cat`,
        badDate: `C${i},Tama,2024-02-30,stray,Cat`,
      })[k]!;
    await fc.assert(
      fc.asyncProperty(fc.array(kind, { minLength: 1, maxLength: 30 }), async (kinds) => {
        await repository.db.query('TRUNCATE cat_data.intakes, cat_data.cats, cat_data.imports CASCADE');
        const csv = [header, catRow(0), ...kinds.map((k, i) => render(k, i + 1))].join('\n');
        // Act
        const report = await importCsv(repository, { bytes: utf8(csv), mapping, skipInvalid: true });
        // Assess: every line of the file is one row read, and each is counted once
        expect(report.rowsRead).toBe(kinds.length + 1);
        assertEveryRowCounted(report);
        const bad = kinds.filter((k) => !['cat', 'repeat', 'dog'].includes(k)).length;
        expect(report.rowsInvalid).toBe(bad);
        expect(report.rowsFiltered).toBe(kinds.filter((k) => k === 'dog').length);
        expect(report.rowsDuplicate).toBe(kinds.filter((k) => k === 'repeat').length);
        expect(await cats()).toBe(report.rowsStored);
      }),
      { numRuns: 40 },
    );
  });
});
