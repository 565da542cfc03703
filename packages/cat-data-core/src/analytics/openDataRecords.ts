import type { SqlSession } from '../db/SqlDatabase.js';
import { sacIntakeGroup, sacOutcomeGroup } from '../domain/categories.js';
import { filterSql, type StatsFilter } from './StatsFilter.js';
import { spreadsheetCsv } from './spreadsheetCsv.js';

/**
 * One event of the open-data export. Nothing identifies a cat or a person: no ids, names, microchips, exact dates,
 * coordinates or free text; dates are coarsened to the month and sex to male/female/unknown.
 */
export interface OpenDataRecord {
  event: 'intake' | 'outcome';
  /** `YYYY-MM` */
  month: string;
  prefecture: string | null;
  municipality: string | null;
  type: string;
  sacGroup: string;
  species: string;
  sex: 'male' | 'female' | 'unknown';
}

/** Columns of the CSV export, in order. */
export const openDataColumns = [
  'event',
  'month',
  'prefecture',
  'municipality',
  'type',
  'sacGroup',
  'species',
  'sex',
] as const satisfies readonly (keyof OpenDataRecord)[];

/**
 * The open-data export: intakes and outcomes with no personal data, oldest first, at most `limit` events.
 *
 * @example
 * const records = await openDataRecords(repository.db, { from: '2024-04-01' });
 */
export async function openDataRecords(
  db: SqlSession,
  filter: StatsFilter = {},
  limit = 100_000,
): Promise<OpenDataRecord[]> {
  const intakeWhere = filterSql(filter, 'i.intake_date');
  const outcomeWhere = filterSql(filter, 'o.outcome_date', 5);
  const sex = `CASE WHEN c.sex LIKE 'male%' THEN 'male' WHEN c.sex LIKE 'female%' THEN 'female' ELSE 'unknown' END`;
  const rows = await db.query<Omit<OpenDataRecord, 'sacGroup'>>(
    `SELECT * FROM (
       SELECT 'intake' AS event, to_char(i.intake_date, 'YYYY-MM') AS month, a.prefecture, a.municipality,
              i.intake_type AS type, c.species, ${sex} AS sex
       FROM cat_data.intakes i JOIN cat_data.cats c ON c.id = i.cat_id LEFT JOIN cat_data.areas a ON a.id = i.area_id
       WHERE ${intakeWhere.where}
       UNION ALL
       SELECT 'outcome', to_char(o.outcome_date, 'YYYY-MM'), a.prefecture, a.municipality, o.outcome_type, c.species,
              ${sex}
       FROM cat_data.outcomes o JOIN cat_data.cats c ON c.id = o.cat_id LEFT JOIN cat_data.areas a ON a.id = o.area_id
       WHERE ${outcomeWhere.where}
     ) events ORDER BY month, event, prefecture, municipality, type LIMIT $9`,
    [...intakeWhere.params, ...outcomeWhere.params, limit],
  );
  return rows.map((r) => ({
    ...r,
    sacGroup:
      r.event === 'intake'
        ? (sacIntakeGroup[r.type as keyof typeof sacIntakeGroup] ?? 'Other Intakes')
        : (sacOutcomeGroup[r.type as keyof typeof sacOutcomeGroup] ?? 'Other'),
  }));
}

/**
 * The open-data export as a CSV file for spreadsheets: UTF-8 with a BOM (Excel on Japanese Windows), CRLF, the
 * {@link openDataColumns} in order, and every cell defused against formula injection (see `spreadsheetCell`).
 * `GET /export?format=csv` answers with this body.
 *
 * @example
 * const body = openDataCsv(await openDataRecords(repository.db, { from: '2024-04-01' }));
 */
export function openDataCsv(records: readonly OpenDataRecord[]): string {
  return spreadsheetCsv(
    openDataColumns,
    records.map((r) => openDataColumns.map((c) => r[c])),
    { bom: true },
  );
}
