import { describe, expect, it } from 'vitest';
import {
  CatStatus,
  ConsultationCategory,
  IntakeType,
  liveOutcomeTypes,
  migrations,
  ministryIntakeCategory,
  ministryOutcomeCategory,
  OutcomeType,
  Sex,
  Species,
  sacIntakeGroup,
  sacOutcomeGroup,
} from '../../src/index.js';

describe('category mappings', () => {
  it('map every intake and outcome type to the Ministry table and to a Shelter Animals Count group', () => {
    expect(Object.keys(ministryIntakeCategory).sort()).toEqual([...IntakeType.options].sort());
    expect(Object.keys(sacIntakeGroup).sort()).toEqual([...IntakeType.options].sort());
    expect(Object.keys(ministryOutcomeCategory).sort()).toEqual([...OutcomeType.options].sort());
    expect(Object.keys(sacOutcomeGroup).sort()).toEqual([...OutcomeType.options].sort());
  });

  it('follow the Ministry definitions of 引取り, 返還, 譲渡 and 殺処分', () => {
    expect(ministryIntakeCategory.owner_surrender).toBe('intake_from_owner');
    expect(ministryIntakeCategory.stray).toBe('intake_owner_unknown');
    expect(ministryIntakeCategory.transfer_in).toBeNull();
    expect(ministryOutcomeCategory.return_to_owner).toBe('returned');
    expect(ministryOutcomeCategory.transfer_out).toBe('transferred');
    expect(ministryOutcomeCategory.died).toBe('euthanised');
    expect(liveOutcomeTypes).not.toContain('euthanasia');
  });

  it('put exactly the values of each enum in the CHECK constraint of its column (one source of truth)', () => {
    // Prepare: the CHECK (column IN (...)) lists of the schema, by column
    const sql = migrations.map((m) => m.sql).join('\n');
    const checks = new Map<string, string[][]>();
    for (const [, column, list] of sql.matchAll(/CHECK \((\w+) IN \(([^)]*)\)\)/g)) {
      checks.set(column!, [
        ...(checks.get(column!) ?? []),
        [...list!.matchAll(/'([^']*)'/g)].map((m) => m[1]!),
      ]);
    }
    // Act
    const listed = (column: string) => checks.get(column)?.map((values) => [...values].sort());
    // Assess: each list once, with every value and nothing else ('other' of species does not stand in for intakes)
    expect(listed('intake_type')).toEqual([[...IntakeType.options].sort()]);
    expect(listed('outcome_type')).toEqual([[...OutcomeType.options].sort()]);
    expect(listed('sex')).toEqual([[...Sex.options].sort()]);
    expect(listed('status')?.find((values) => values.includes('in_care'))).toEqual(
      [...CatStatus.options].sort(),
    );
    expect(listed('category')).toEqual([[...ConsultationCategory.options].sort()]);
    expect(listed('species')?.[0]).toEqual([...Species.options].sort());
  });
});
