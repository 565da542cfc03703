import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatStatus, ConsultationCategory, IntakeType, OutcomeType, Sex, Species } from '../../src/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const allowedValues = readme.slice(readme.indexOf('**Allowed values.**'));

describe('README', () => {
  it('lists every allowed value of each enumerated field in its row of the Allowed values table', () => {
    // Prepare
    const row = (field: string) =>
      allowedValues.split('\n').find((line) => line.startsWith(`| \`${field}\``)) ?? '';
    const fields = {
      intakeType: IntakeType,
      outcomeType: OutcomeType,
      sex: Sex,
      species: Species,
      status: CatStatus,
      category: ConsultationCategory,
    };
    // Act
    const missing = Object.entries(fields).flatMap(([field, values]) =>
      values.options
        .filter((value) => !row(field).includes(`\`${value}\``))
        .map((value) => `${field}: ${value}`),
    );
    // Assess
    expect(missing).toEqual([]);
  });
});
