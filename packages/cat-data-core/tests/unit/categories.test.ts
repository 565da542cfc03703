import { describe, expect, it } from 'vitest';
import {
  IntakeType,
  liveOutcomeTypes,
  migrations,
  ministryIntakeCategory,
  ministryOutcomeCategory,
  OutcomeType,
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

  it('put every enum value in the database CHECK constraints (one source of truth)', () => {
    const sql = migrations.map((m) => m.sql).join('\n');
    for (const value of [...IntakeType.options, ...OutcomeType.options]) expect(sql).toContain(`'${value}'`);
  });
});
