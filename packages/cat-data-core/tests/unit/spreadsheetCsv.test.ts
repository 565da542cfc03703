import { describe, expect, it } from 'vitest';
import {
  type OpenDataRecord,
  openDataCsv,
  parseCsv,
  problemsToCsv,
  spreadsheetCell,
} from '../../src/index.js';

// OWASP's CSV injection starters, and their full-width forms.
const hostile = [
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1)',
  '\tx',
  '\rx',
];
const fullWidth = ['＝1+1', '＋1', '－1', '＠SUM(1)'];

/** The cells a spreadsheet would read from a CSV text. */
const cellsOf = (csv: string) => [...parseCsv(csv.replace(/^\uFEFF/, ''))].map((r) => r.fields);

describe('spreadsheetCell (one defused writer for every CSV)', () => {
  it('prefixes every formula starter with a quote, and leaves other text and numbers alone', () => {
    for (const value of [...hostile, ...fullWidth])
      expect(cellsOf(spreadsheetCell(value))[0]![0]).toBe(`'${value}`);
    expect(spreadsheetCell('Tama, "the boss"')).toBe('"Tama, ""the boss"""');
    expect(spreadsheetCell('東京都')).toBe('東京都');
    expect(spreadsheetCell(-3)).toBe('-3');
    expect(spreadsheetCell(null)).toBe('');
  });

  it('defuses the public open-data export (GET /export?format=csv)', () => {
    // Prepare: an area name typed by whoever prepared an imported file
    const record = (municipality: string): OpenDataRecord => ({
      event: 'intake',
      month: '2024-04',
      prefecture: '東京都',
      municipality,
      type: 'stray',
      sacGroup: 'Stray/At Large',
      species: 'cat',
      sex: 'female',
    });
    // Act
    const csv = openDataCsv(hostile.map(record));
    // Assess
    expect(csv.startsWith('\uFEFFevent,month,prefecture,municipality,type,sacGroup,species,sex\r\n')).toBe(
      true,
    );
    expect(
      cellsOf(csv)
        .slice(1)
        .map((r) => r[3]),
    ).toEqual(hostile.map((h) => `'${h}`));
  });

  it('defuses the import problem report (--report problems.csv)', () => {
    // Act
    const csv = problemsToCsv(
      hostile.map((value, i) => ({
        line: i + 2,
        field: 'name',
        value,
        reason: 'longer than 100 characters',
      })),
      [{ line: 9, duplicateOf: 2 }],
    );
    // Assess
    const rows = cellsOf(csv);
    expect(rows[0]).toEqual(['line', 'field', 'value', 'reason']);
    expect(rows.slice(1, -1).map((r) => r[2])).toEqual(hostile.map((h) => `'${h}`));
    expect(rows.at(-1)).toEqual([
      '9',
      'row',
      '',
      'duplicate of line 2: the same records, merged into that line',
    ]);
  });
});
