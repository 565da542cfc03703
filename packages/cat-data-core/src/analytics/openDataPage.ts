import * as z from 'zod';
import type { SqlSession } from '../db/SqlDatabase.js';
import { sacIntakeGroup, sacOutcomeGroup } from '../domain/categories.js';
import type { OpenDataRecord } from './openDataRecords.js';
import { filterSql, type StatsFilter } from './StatsFilter.js';

/**
 * Where a page of the open-data export resumes: after this (month, event, row) in export order. Opaque to callers
 * (base64url JSON); it holds the month, never an exact date, and the internal row id, which identifies no cat.
 */
const ExportCursor = z.tuple([
  z.string().regex(/^\d{4}-\d{2}$/),
  z.enum(['intake', 'outcome']),
  z.number().int().min(0),
]);
type ExportCursor = z.infer<typeof ExportCursor>;

/** The cursor text of a position in the export. @internal */
export function encodeExportCursor(position: ExportCursor): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor text names, or `undefined` when it is not one this API issued. @internal */
export function decodeExportCursor(cursor: string): ExportCursor | undefined {
  try {
    const parsed = ExportCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One event of a page with its position (for the next cursor). @internal */
export interface PositionedRecord {
  record: OpenDataRecord;
  position: ExportCursor;
}

/**
 * Up to `limit` events of the open-data export after `after`, in a stable order (month, event, row id): keyset
 * pagination, so pages neither overlap nor skip while records are added (a record added later into an earlier month
 * is in the next export, not in the middle of this one). The same privacy as {@link openDataRecords}.
 *
 * @example
 * const page = await openDataPage(repository.db, { from: '2024-04-01' }, undefined, 10_000);
 */
export async function openDataPage(
  db: SqlSession,
  filter: StatsFilter,
  after: ExportCursor | undefined,
  limit: number,
): Promise<PositionedRecord[]> {
  const intakeWhere = filterSql(filter, 'i.intake_date');
  const outcomeWhere = filterSql(filter, 'o.outcome_date', 5);
  const sex = `CASE WHEN c.sex LIKE 'male%' THEN 'male' WHEN c.sex LIKE 'female%' THEN 'female' ELSE 'unknown' END`;
  type Row = Omit<OpenDataRecord, 'sacGroup'> & { row_id: number };
  const rows = await db.query<Row>(
    `SELECT * FROM (
       SELECT 'intake' AS event, to_char(i.intake_date, 'YYYY-MM') AS month, a.prefecture, a.municipality,
              i.intake_type AS type, c.species, ${sex} AS sex, i.id AS row_id
       FROM cat_data.intakes i JOIN cat_data.cats c ON c.id = i.cat_id LEFT JOIN cat_data.areas a ON a.id = i.area_id
       WHERE ${intakeWhere.where}
       UNION ALL
       SELECT 'outcome', to_char(o.outcome_date, 'YYYY-MM'), a.prefecture, a.municipality, o.outcome_type, c.species,
              ${sex}, o.id
       FROM cat_data.outcomes o JOIN cat_data.cats c ON c.id = o.cat_id LEFT JOIN cat_data.areas a ON a.id = o.area_id
       WHERE ${outcomeWhere.where}
     ) events
     WHERE $9::text IS NULL OR (month, event, row_id) > ($9::text, $10::text, $11::int)
     ORDER BY month, event, row_id LIMIT $12`,
    [
      ...intakeWhere.params,
      ...outcomeWhere.params,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? 0,
      limit,
    ],
  );
  return rows.map(({ row_id, ...r }) => ({
    record: {
      ...r,
      sacGroup:
        r.event === 'intake'
          ? (sacIntakeGroup[r.type as keyof typeof sacIntakeGroup] ?? 'Other Intakes')
          : (sacOutcomeGroup[r.type as keyof typeof sacOutcomeGroup] ?? 'Other'),
    },
    position: [r.month, r.event, row_id],
  }));
}
