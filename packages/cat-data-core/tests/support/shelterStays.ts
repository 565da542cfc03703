import { describe, expect, it } from 'vitest';
import { type CatDataRepository, type ImportMappingInput, importCsv } from '../../src/index.js';

const withStay: ImportMappingInput = {
  version: 1,
  kind: 'shelter',
  encoding: 'utf-8',
  columns: {
    externalId: 'Animal',
    stayId: 'Impound',
    intakeDate: 'In',
    intakeType: 'In type',
    outcomeDate: 'Out',
    outcomeType: 'Out type',
  },
};
const { stayId: _, ...columnsWithoutStay } = withStay.columns;
const withoutStay: ImportMappingInput = { ...withStay, columns: columnsWithoutStay };
const header = 'Animal,Impound,In,In type,Out,Out type';
const utf8 = (lines: string[]) => new TextEncoder().encode([header, ...lines].join('\n'));

/**
 * Shelter stays keyed by the export's impound number (issue 11 item 8), part of the repository contract: `repository`
 * gives the contract's repository, emptied before each test.
 */
export function describeShelterStays(repository: () => CatDataRepository): void {
  const count = async (table: string) =>
    (await repository().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cat_data.${table}`))[0]!.n;

  describe('importCsv with a stayId', () => {
    it('keeps two stays of one cat on one day with the same intake type apart', async () => {
      // Prepare: one cat impounded twice on 1 April, released in between
      const bytes = utf8([
        'A1,K-1,2024-04-01,stray,2024-04-01,return_to_owner',
        'A1,K-2,2024-04-01,stray,2024-04-01,return_to_owner',
      ]);
      // Act
      const report = await importCsv(repository(), { bytes, mapping: withStay });
      // Assess
      expect(report).toMatchObject({ rowsStored: 2, rowsDuplicate: 0, duplicates: [] });
      expect(await count('intakes')).toBe(2);
      expect(await count('outcomes')).toBe(2);
      expect(await count('cats')).toBe(1);
    });

    it('merges a repeated row of one stay and lists it as a duplicate', async () => {
      // Prepare: line 3 repeats line 2's stay
      const bytes = utf8([
        'A1,K-1,2024-04-01,stray,2024-04-03,adoption',
        'A1,K-1,2024-04-01,stray,2024-04-03,adoption',
      ]);
      // Act
      const report = await importCsv(repository(), { bytes, mapping: withStay });
      // Assess
      expect(report).toMatchObject({ rowsStored: 1, rowsDuplicate: 1 });
      expect(report.duplicates).toEqual([{ line: 3, duplicateOf: 2 }]);
      expect(await count('intakes')).toBe(1);
      expect(await count('outcomes')).toBe(1);
    });

    it('adds nothing when a file with stay numbers is imported again', async () => {
      // Prepare
      const bytes = utf8(['A1,K-1,2024-04-01,stray,,', 'A1,K-2,2024-04-01,stray,,']);
      await importCsv(repository(), { bytes, mapping: withStay });
      // Act
      const again = await importCsv(repository(), { bytes, mapping: withStay });
      // Assess
      expect(again).toMatchObject({ recordsAdded: 0, recordsAlreadyPresent: 3 });
      expect(await count('intakes')).toBe(2);
    });

    it('keys by cat, date and type as before when stayId is not mapped', async () => {
      // Prepare: the same two rows as two stays above, without the impound column mapped
      const bytes = utf8([
        'A1,K-1,2024-04-01,stray,2024-04-01,return_to_owner',
        'A1,K-2,2024-04-01,stray,2024-04-01,return_to_owner',
      ]);
      // Act
      const report = await importCsv(repository(), { bytes, mapping: withoutStay });
      // Assess
      expect(report).toMatchObject({ rowsStored: 1, rowsDuplicate: 1 });
      expect(report.duplicates).toEqual([{ line: 3, duplicateOf: 2 }]);
      expect(await count('intakes')).toBe(1);
      expect(await count('outcomes')).toBe(1);
    });

    it('refuses a stay number longer than 100 characters, naming the field', async () => {
      // Prepare
      const bytes = utf8([`A1,${'K'.repeat(101)},2024-04-01,stray,,`, 'A2,K-2,2024-04-01,stray,,']);
      // Act
      const report = await importCsv(repository(), { bytes, mapping: withStay, skipInvalid: true });
      // Assess
      expect(report).toMatchObject({ rowsStored: 1, rowsInvalid: 1 });
      expect(report.problems).toEqual([expect.objectContaining({ line: 2, field: 'stayId' })]);
    });

    it('bulk-loads two stays per cat on one day as two intakes each', async () => {
      // Prepare: 2,600 cats with two same-day stays each, enough rows for the bulk path
      const lines = Array.from({ length: 5_200 }, (_, i) => `B${i >> 1},S${i},2024-05-01,stray,,`);
      lines.push('B0,S0,2024-05-01,stray,,');
      // Act
      const report = await importCsv(repository(), { bytes: utf8(lines), mapping: withStay });
      // Assess
      expect(report).toMatchObject({ rowsStored: 5_200, rowsDuplicate: 1 });
      expect(report.duplicates).toEqual([{ line: 5_202, duplicateOf: 2 }]);
      expect(await count('intakes')).toBe(5_200);
      expect(await count('cats')).toBe(2_600);
    });
  });
}
