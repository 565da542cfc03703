import type { FieldSpec, FieldType, RowValues } from '../recordKinds.js';

/** Shared building blocks of the record kinds: field specs, cross-field checks and merge SQL. @internal */
export const text = (maxLength = 200): FieldType => ({ type: 'text', maxLength });
export const area: FieldSpec[] = [
  { name: 'prefecture', field: text(40) },
  { name: 'municipality', field: text(80) },
  { name: 'district', field: text(80) },
];
export const recordId: FieldSpec = { name: 'recordId', field: text(200) };

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

export const mergeAreas = {
  label: null,
  sql: `INSERT INTO cat_data.areas (prefecture, municipality, district)
        SELECT DISTINCT prefecture, municipality, coalesce(district, '') FROM stage WHERE prefecture IS NOT NULL
        ON CONFLICT DO NOTHING`,
};
export const joinArea = `LEFT JOIN cat_data.areas a ON a.prefecture = s.prefecture AND a.municipality = s.municipality
                  AND a.district = coalesce(s.district, '')`;
export const mergeColonies = {
  label: 'colonies',
  sql: `WITH src AS (SELECT DISTINCT a.id AS area_id, s.colony FROM stage s ${joinArea}
                     WHERE s.colony IS NOT NULL AND a.id IS NOT NULL),
        ins AS (INSERT INTO cat_data.colonies (area_id, name) SELECT area_id, colony FROM src
                ON CONFLICT DO NOTHING RETURNING 1)
        SELECT (SELECT count(*) FROM src)::int AS candidates, (SELECT count(*) FROM ins)::int AS added`,
};
export const joinColony = 'LEFT JOIN cat_data.colonies co ON co.area_id = a.id AND co.name = s.colony';
export function counted(label: string, target: string, columns: string, select: string, from: string) {
  return {
    label,
    sql: `WITH src AS (SELECT ${select} FROM ${from}),
          ins AS (INSERT INTO ${target} (${columns}) SELECT * FROM src ON CONFLICT DO NOTHING RETURNING 1)
          SELECT (SELECT count(*) FROM src)::int AS candidates, (SELECT count(*) FROM ins)::int AS added`,
  };
}

/**
 * Like {@link counted}, for tables whose natural key is `targetKey` and whose first selected value is that key: rows
 * already stored are left out with an anti-join and duplicates within the file are reduced to their first line
 * before the insert (a set-based merge), and `ON CONFLICT DO NOTHING` still guards against concurrent writers. It
 * gives the same result with or without the unique index, so a bulk load can drop that index and rebuild it.
 * `uniqueSource`: `from` yields each key once already. Rows are inserted in key order, so ids follow the keys.
 */
export function keyed(
  label: string,
  target: string,
  targetKey: string,
  columns: string,
  select: readonly string[],
  from: string,
  uniqueSource = false,
) {
  const values = select.map((_, i) => `v${i}`).join(', ');
  const fresh = `FROM src WHERE v0 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${target} t WHERE t.${targetKey} = src.v0)`;
  return {
    label,
    sql: `WITH src AS (SELECT ${select.map((e, i) => `${e} AS v${i}`).join(', ')}, s.line AS line_ FROM ${from}),
          ins AS (INSERT INTO ${target} (${columns})
                  ${uniqueSource ? `SELECT ${values} ${fresh} ORDER BY v0` : `SELECT DISTINCT ON (v0) ${values} ${fresh} ORDER BY v0, line_`}
                  ON CONFLICT DO NOTHING RETURNING 1)
          SELECT (SELECT count(*) FROM src)::int AS candidates, (SELECT count(*) FROM ins)::int AS added`,
  };
}
