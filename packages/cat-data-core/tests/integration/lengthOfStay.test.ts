import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatDataRepository, importCsv, lengthOfStay } from '../../src/index.js';

describe('lengthOfStay', () => {
  let repository: CatDataRepository;
  beforeAll(async () => {
    repository = await CatDataRepository.openPglite();
  });
  afterAll(() => repository.close());

  it('gives percentiles without floating-point noise (p90 of 0, 0 and 3 days is 2.4)', async () => {
    // Prepare: interpolating 80% of the way from 0 to 3 is 2.4000000000000004 in float8
    const csv = [
      'ID,In,Out',
      'A,2024-04-01,2024-04-01',
      'B,2024-04-02,2024-04-02',
      'C,2024-04-03,2024-04-06',
    ].join('\n');
    await importCsv(repository, {
      bytes: new TextEncoder().encode(csv),
      mapping: {
        version: 1,
        kind: 'shelter',
        columns: { externalId: 'ID', intakeDate: 'In', outcomeDate: 'Out' },
        constants: { intakeType: 'stray', outcomeType: 'adoption' },
      },
    });
    // Act
    const stay = await lengthOfStay(repository.db);
    // Assess
    expect(stay).toEqual({ stays: 3, medianDays: 0, p90Days: 2.4 });
  });
});
