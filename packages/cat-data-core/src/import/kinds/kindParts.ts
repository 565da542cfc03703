import * as z from 'zod';
import { Area } from '../../domain/records.js';
import type { FieldSpec, FieldType, RowValues } from '../RecordKind.js';

/** Shared building blocks of the record kinds: field specs, cross-field checks and merge SQL. @internal */
export const text: FieldType = { type: 'text' };
export const date: FieldType = { type: 'date' };
export const bool: FieldType = { type: 'bool' };
/** An enumeration read from a cell: its values are the domain enumeration's. */
export const oneOf = (values: { options: readonly string[] }): FieldType => ({
  type: 'enum',
  values: values.options,
});

/** A field read as `field` and valid by the domain schema's `rule`; `required` when its cell may not be empty. */
export function field(name: string, read: FieldType, rule: z.ZodType, required?: 'required'): FieldSpec {
  return required ? { name, field: read, rule, required: true } : { name, field: read, rule };
}

export const area: FieldSpec[] = [
  field('prefecture', text, Area.shape.prefecture),
  field('municipality', text, Area.shape.municipality),
  field('district', text, Area.shape.district),
];
/** The file's own id of a record: only the import has it (it keys re-imports), so its rule is here. */
export const recordId: FieldSpec = field('recordId', text, z.string().max(200));

export function areaCheck(v: RowValues): [string, string][] {
  if ((v.prefecture === null) !== (v.municipality === null)) {
    return [['municipality', 'prefecture and municipality go together: give both or neither']];
  }
  if (v.district !== null && v.prefecture === null)
    return [['district', 'a district needs its prefecture and municipality']];
  return [];
}
export function notBefore(v: RowValues, later: string, earlier: string): [string, string][] {
  const a = v[later];
  const b = v[earlier];
  return a && b && a < b ? [[later, `${later} ${a} is before ${earlier} ${b}`]] : [];
}
export function contentKey(v: RowValues, idPrefix: string, names: readonly string[]): string {
  if (v.recordId) return `${idPrefix}id:${v.recordId}`;
  return `${idPrefix}row:${names.map((n) => v[n] ?? '').join('\u001f')}`;
}

/**
 * The area id of a row of the staging table `s`, from its `area_no`: an uncorrelated subquery (evaluated once per
 * statement) gives the import's area ids in `area_no` order, which cost a hash join per merge when joined.
 */
export const areaId = '((SELECT array_agg(area_id ORDER BY area_no) FROM stage_area))[s.area_no]';
export const mergeColonies = {
  label: 'colonies',
  sql: `WITH src AS (SELECT DISTINCT ${areaId} AS area_id, s.colony FROM stage s
                     WHERE s.colony IS NOT NULL AND s.area_no IS NOT NULL),
        ins AS (INSERT INTO cat_data.colonies (area_id, name) SELECT area_id, colony FROM src
                ON CONFLICT DO NOTHING RETURNING 1)
        SELECT (SELECT count(*) FROM src)::int AS candidates, (SELECT count(*) FROM ins)::int AS added`,
};
export const joinColony = `LEFT JOIN cat_data.colonies co ON co.area_id = ${areaId} AND co.name = s.colony`;

/**
 * A merge into `target` of every staged row (duplicates, in the file or already stored, are left to the target's
 * unique natural key through `ON CONFLICT DO NOTHING`). The file's rows with a natural key are its candidates.
 */
export function counted(label: string, target: string, columns: string, select: string, from: string) {
  return {
    label,
    sql: `WITH ins AS (INSERT INTO ${target} (${columns}) SELECT ${select} FROM ${from} ON CONFLICT DO NOTHING RETURNING 1)
          SELECT count(*)::int AS added FROM ins`,
    candidates: { key: 'natural_key', distinct: false },
  };
}

/**
 * A set-based merge into `target`, whose natural key is `targetKey`, of the rows staged with a `stageKey`: the first
 * row of each key in the file (`loadImport` marks it in the staging column `first_<stageKey>`), unless a row with
 * that key is stored already (an anti-join). No sort is needed, and the result is the same with or without the
 * target's indexes, so a bulk load can drop them all and rebuild them; without any index the insert is a plain one,
 * while `ON CONFLICT DO NOTHING` still guards against concurrent writers whenever the unique index is in place.
 * Rows an earlier batch of the same import added are left out of the anti-join: a key's first row is in one batch
 * only, and without the index the anti-join would otherwise hash the whole table again for every batch.
 * Candidates are the file's rows with a key (`distinct`: its distinct keys), so a key repeated in the file counts
 * as already present. `select` gives the values of `columns`; `from` names the staging table `s`. `inFileOrder`:
 * ids follow the file's lines (a sort; otherwise they follow the plan).
 */
export function keyed(
  label: string,
  target: string,
  targetKey: string,
  stageKey: string,
  columns: string,
  select: readonly string[],
  from: string,
  options: { distinct?: boolean; inFileOrder?: boolean } = {},
) {
  return {
    label,
    sql: `WITH ins AS (INSERT INTO ${target} (${columns})
            SELECT ${select.join(', ')} FROM ${from}
            WHERE s.first_${stageKey} AND NOT EXISTS (SELECT 1 FROM ${target} t WHERE t.${targetKey} = s.${stageKey}
                                                        AND t.import_id IS DISTINCT FROM $1::int)
            ${options.inFileOrder ? 'ORDER BY s.line' : ''}
            ON CONFLICT DO NOTHING RETURNING 1)
          SELECT count(*)::int AS added FROM ins`,
    candidates: { key: stageKey, distinct: options.distinct ?? false },
  };
}
