import { describe, expect, it } from 'vitest';
import { RowMapper } from '../../src/import/RowMapper.js';
import { ImportMapping, ImportMappingError } from '../../src/index.js';

const header = ['id', 'kind', 'in', 'type', 'tipped', 'lat', 'lon', 'n'];

describe('ImportMapping', () => {
  it('lists unknown fields and missing required fields', () => {
    const result = ImportMapping.safeParse({ version: 1, kind: 'sightings', columns: { colour: 'c' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('"colour" is not a field of kind "sightings"'),
      'kind "sightings" needs "date": map it to a column or give it a constant',
      'kind "sightings" needs "count": map it to a column or give it a constant',
    ]);
  });
});

describe('RowMapper', () => {
  const shelter = ImportMapping.parse({
    version: 1,
    kind: 'shelter',
    dateFormat: 'YYYY/MM/DD',
    species: { column: 'kind', include: ['Cat', '猫'] },
    columns: { externalId: 'id', intakeDate: 'in', intakeType: 'type', earTipped: 'tipped' },
    values: { intakeType: { STRAY: 'stray', 'Owner Surrender': 'owner_surrender' } },
    idPrefix: 'X-',
  });

  it('maps values exactly, then ignoring case and spaces, then by canonical name', () => {
    const mapper = new RowMapper(shelter, header);
    const value = (fields: string[]) => {
      const result = mapper.map(fields, 2);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return Object.fromEntries(mapper.columns.map((c, i) => [c, result.row[i]]));
    };
    expect(value(['1', 'Cat', '2024/04/01', 'STRAY', 'yes'])).toMatchObject({
      line: '2',
      external_id: 'X-1',
      intake_key: 'X-1\u001f2024-04-01\u001fstray',
      intake_date: '2024-04-01',
      intake_type: 'stray',
      ear_tipped: 'true',
    });
    expect(value(['1', 'Cat', '2024/04/01', ' owner surrender ', '済'])).toMatchObject({
      intake_type: 'owner_surrender',
      ear_tipped: 'true',
    });
    expect(value(['1', 'Cat', '2024/04/01', 'Transfer In', 'いいえ'])).toMatchObject({
      intake_type: 'transfer_in',
      ear_tipped: 'false',
    });
  });

  it('applies the species filter case-insensitively', () => {
    const mapper = new RowMapper(shelter, header);
    expect(mapper.keeps(['1', 'cat'])).toBe(true);
    expect(mapper.keeps(['1', '猫'])).toBe(true);
    expect(mapper.keeps(['1', 'Dog'])).toBe(false);
  });

  it('reports every problem of a row with its line, field and value', () => {
    const mapper = new RowMapper(shelter, header);
    expect(mapper.map(['', 'Cat', '2024/13/01', 'stray', 'maybe'], 9)).toEqual({
      ok: false,
      problems: [
        { line: 9, field: 'externalId', value: '', reason: 'required value is empty' },
        { line: 9, field: 'earTipped', value: 'maybe', reason: 'not a yes/no value (map it under "values")' },
        { line: 9, field: 'intakeDate', value: '2024/13/01', reason: '2024-13-01 is not a calendar date' },
      ],
    });
  });

  it('checks numbers and cross-field rules', () => {
    const sightings = ImportMapping.parse({
      version: 1,
      kind: 'sightings',
      columns: { date: 'in', count: 'n', latitude: 'lat', longitude: 'lon' },
    });
    const mapper = new RowMapper(sightings, header);
    expect(mapper.map(['', '', '2024-04-01', '', '', '35.6', '', '1,200'], 3)).toEqual({
      ok: false,
      problems: [{ line: 3, field: 'longitude', reason: 'latitude and longitude go together' }],
    });
    expect(mapper.map(['', '', '2024-04-01', '', '', '95', '139', '-1'], 4)).toMatchObject({
      ok: false,
      problems: [
        { field: 'count', reason: 'must be at least 0' },
        { field: 'latitude', reason: 'must be at most 90' },
      ],
    });
  });

  it('refuses a mapping that names a column the file lacks', () => {
    expect(() => new RowMapper(shelter, ['id', 'kind'])).toThrow(ImportMappingError);
  });
});

describe('RowMapper on annual figures', () => {
  it('reads fiscal years written as era years (令和4年度) under japanese-era, and as Western years', () => {
    // Prepare
    const mapping = ImportMapping.parse({
      version: 1,
      kind: 'annual',
      dateFormat: 'japanese-era',
      columns: { fiscalYear: '年度', intake: '引取り数' },
      constants: { species: 'cat' },
    });
    const mapper = new RowMapper(mapping, ['年度', '引取り数']);
    const year = (cell: string) => {
      const result = mapper.map([cell, '10'], 2);
      return result.ok ? result.row[mapper.columns.indexOf('fiscal_year')] : result.problems[0]?.reason;
    };
    // Act
    const years = ['令和4年度', '令和元年度', '平成30年度', 'R4', '２０２２年度', 'FY2021', '2020'].map(year);
    // Assess
    expect(years).toEqual(['2022', '2019', '2018', '2022', '2022', '2021', '2020']);
    expect(year('令和')).toBe('"令和" is not a fiscal year such as 2022, 2022年度 or 令和4年度');
  });
});
