import { CatStatus, IntakeType, OutcomeType, Sex, Species } from '../../domain/categories.js';
import { Intake, NewCat, Outcome } from '../../domain/records.js';
import type { RecordKind } from '../RecordKind.js';
import { area, areaCheck, areaId, bool, date, field, keyed, notBefore, oneOf, text } from './kindParts.js';

const cat = NewCat.shape;

const statusAfterOutcome = `CASE s.outcome_type
  WHEN 'adoption' THEN 'adopted' WHEN 'return_to_owner' THEN 'returned' WHEN 'return_to_field' THEN 'community'
  WHEN 'transfer_out' THEN 'transferred' WHEN 'euthanasia' THEN 'deceased' WHEN 'owner_intended_euthanasia' THEN 'deceased'
  WHEN 'died' THEN 'deceased' WHEN 'lost' THEN 'unknown' WHEN 'other_live' THEN 'unknown' ELSE 'in_care' END`;

/**
 * Shelter records: one row per cat and stay, with the intake, the outcome, or both (Austin-style separate intake
 * and outcome exports work too: map only the columns each file has).
 */
export const shelter: RecordKind = {
  fields: [
    field('externalId', text, cat.externalId, 'required'),
    field('name', text, cat.name),
    field('species', oneOf(Species), cat.species),
    field('sex', oneOf(Sex), cat.sex),
    field('estimatedBirth', date, cat.estimatedBirth),
    field('colour', text, cat.colour),
    field('pattern', text, cat.pattern),
    field('earTipped', bool, cat.earTipped),
    field('microchip', text, cat.microchip),
    field('status', oneOf(CatStatus), cat.status),
    ...area,
    field('stayId', text, Intake.shape.stayId),
    field('intakeDate', date, Intake.shape.date),
    field('intakeType', oneOf(IntakeType), Intake.shape.type),
    field('intakeCondition', text, Intake.shape.condition),
    field('outcomeDate', date, Outcome.shape.date),
    field('outcomeType', oneOf(OutcomeType), Outcome.shape.type),
    field('outcomeSubtype', text, Outcome.shape.subtype),
  ],
  check(v) {
    const problems = areaCheck(v);
    if (v.intakeDate === null && v.outcomeDate === null) {
      problems.push(['row', 'a shelter row needs an intake date, an outcome date, or both']);
    }
    if ((v.intakeDate === null) !== (v.intakeType === null)) {
      problems.push([
        v.intakeDate === null ? 'intakeDate' : 'intakeType',
        'intake date and intake type go together',
      ]);
    }
    if ((v.outcomeDate === null) !== (v.outcomeType === null)) {
      problems.push([
        v.outcomeDate === null ? 'outcomeDate' : 'outcomeType',
        'outcome date and outcome type go together',
      ]);
    }
    return [...problems, ...notBefore(v, 'outcomeDate', 'intakeDate')];
  },
  keys(v, idPrefix) {
    const cat = `${idPrefix}${v.externalId}`;
    // A stay number keys the stay's intake and outcome (two stays of a cat on one day are two); without one, the
    // cat, date and type do, as they always have, so re-imports of files without it add nothing.
    const stay = v.stayId ? `${cat}\u001fstay\u001f${v.stayId}` : null;
    return {
      external_id: cat,
      intake_key: v.intakeDate ? (stay ?? `${cat}\u001f${v.intakeDate}\u001f${v.intakeType}`) : null,
      outcome_key: v.outcomeDate ? (stay ?? `${cat}\u001f${v.outcomeDate}\u001f${v.outcomeType}`) : null,
    };
  },
  // Both keys start with the cat's key.
  keysWithin: { intake_key: 'external_id', outcome_key: 'external_id' },
  bulkLoadLocks: ['cat_data.areas', 'cat_data.cats', 'cat_data.intakes', 'cat_data.outcomes'],
  bulkLoad: [
    // Dropped in this order inside the import's transaction, restored (and so re-checked) in the reverse order.
    ...[
      'cats.area_id:areas',
      'intakes.cat_id:cats',
      'intakes.area_id:areas',
      'outcomes.cat_id:cats',
      'outcomes.area_id:areas',
    ].map((spec) => {
      const [table, column, referenced] = spec.split(/[.:]/) as [string, string, string];
      const name = `${table}_${column}_fkey`;
      return {
        table: `cat_data.${table}`,
        drop: `ALTER TABLE cat_data.${table} DROP CONSTRAINT ${name}`,
        restore: `ALTER TABLE cat_data.${table} ADD CONSTRAINT ${name} FOREIGN KEY (${column}) REFERENCES cat_data.${referenced} (id)`,
      };
    }),
    ...[
      ['cats', 'cats_external_id_key', 'UNIQUE (external_id)'],
      ['intakes', 'intakes_natural_key_key', 'UNIQUE (natural_key)'],
      ['outcomes', 'outcomes_natural_key_key', 'UNIQUE (natural_key)'],
    ].map(([table, name, definition]) => ({
      table: `cat_data.${table}`,
      drop: `ALTER TABLE cat_data.${table} DROP CONSTRAINT ${name}`,
      restore: `ALTER TABLE cat_data.${table} ADD CONSTRAINT ${name} ${definition}`,
    })),
    // Without any index left the merge's inserts are plain ones (no speculative insertion for ON CONFLICT).
    ...['cats', 'intakes', 'outcomes'].map((table) => ({
      table: `cat_data.${table}`,
      drop: `ALTER TABLE cat_data.${table} DROP CONSTRAINT ${table}_pkey`,
      restore: `ALTER TABLE cat_data.${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (id)`,
    })),
    ...[
      ['intakes', 'intakes_date_idx', 'intake_date'],
      ['intakes', 'intakes_cat_idx', 'cat_id, intake_date'],
      ['outcomes', 'outcomes_date_idx', 'outcome_date'],
      ['outcomes', 'outcomes_cat_idx', 'cat_id, outcome_date'],
    ].map(([table, name, columns]) => ({
      table: `cat_data.${table}`,
      drop: `DROP INDEX cat_data.${name}`,
      restore: `CREATE INDEX ${name} ON cat_data.${table} (${columns})`,
    })),
  ],
  merge: [
    keyed(
      'cats',
      'cat_data.cats',
      'external_id',
      'external_id',
      'external_id, name, species, sex, estimated_birth, colour, pattern, ear_tipped, microchip, status, area_id, import_id',
      [
        's.external_id',
        's.name',
        "coalesce(s.species, 'cat')",
        "coalesce(s.sex, 'unknown')",
        's.estimated_birth::date',
        's.colour',
        's.pattern',
        'coalesce(s.ear_tipped::boolean, false)',
        's.microchip',
        `coalesce(s.status, ${statusAfterOutcome})`,
        areaId,
        '$1::int',
      ],
      // The first line of each cat gives its details; cats are listed by id, so ids follow the file.
      'stage s',
      { distinct: true, inFileOrder: true },
    ),
    keyed(
      'intakes',
      'cat_data.intakes',
      'natural_key',
      'intake_key',
      'natural_key, cat_id, area_id, intake_date, intake_type, condition, import_id',
      [
        's.intake_key',
        'c.id',
        areaId,
        's.intake_date::date',
        's.intake_type',
        's.intake_condition',
        '$1::int',
      ],
      'stage s JOIN cat_data.cats c ON c.external_id = s.external_id',
    ),
    keyed(
      'outcomes',
      'cat_data.outcomes',
      'natural_key',
      'outcome_key',
      'natural_key, cat_id, area_id, outcome_date, outcome_type, subtype, import_id',
      [
        's.outcome_key',
        'c.id',
        areaId,
        's.outcome_date::date',
        's.outcome_type',
        's.outcome_subtype',
        '$1::int',
      ],
      'stage s JOIN cat_data.cats c ON c.external_id = s.external_id',
    ),
  ],
};
