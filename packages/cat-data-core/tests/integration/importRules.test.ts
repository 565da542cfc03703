import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatDataRepository, type ImportMappingInput, importCsv, NewCat } from '../../src/index.js';

const mapping: ImportMappingInput = {
  version: 1,
  kind: 'shelter',
  encoding: 'utf-8',
  columns: { externalId: 'ID', microchip: 'Chip', intakeDate: 'Intake', intakeType: 'Type' },
};
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('importCsv checks each field by the same rule as the API (one schema per record)', () => {
  let repository: CatDataRepository;
  beforeAll(async () => {
    repository = await CatDataRepository.openPglite();
  });
  afterAll(() => repository.close());

  it('reports a microchip POST /cats refuses as an invalid row, and stores only cats POST /cats accepts', async () => {
    // Prepare
    const csv = [
      'ID,Chip,Intake,Type',
      'A-1,392141000123456,2024-04-01,stray',
      'A-2,not-a-chip,2024-04-02,stray',
    ].join('\n');
    // Act
    const report = await importCsv(repository, { bytes: utf8(csv), mapping, skipInvalid: true });
    const { items } = await repository.listCats();
    // Assess
    expect(report).toMatchObject({ rowsRead: 2, rowsStored: 1, rowsInvalid: 1 });
    expect(report.problems).toEqual([
      { line: 3, field: 'microchip', value: 'not-a-chip', reason: 'a microchip number has 15 digits' },
    ]);
    expect(items.map((cat) => [cat.externalId, cat.microchip])).toEqual([['A-1', '392141000123456']]);
    expect(NewCat.safeParse({ externalId: 'A-2', microchip: 'not-a-chip' }).success).toBe(false);
  });
});
