import * as z from 'zod';
import { IsoDate } from '../domain/records.js';

/**
 * Which events statistics cover: a period (inclusive dates, on the event's own date) and an area.
 *
 * @example
 * StatsFilter.parse({ from: '2023-04-01', to: '2024-03-31', municipality: '八王子市' });
 */
export const StatsFilter = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  prefecture: z.string().min(1).max(40).optional(),
  municipality: z.string().min(1).max(80).optional(),
});
/** A {@link StatsFilter}. */
export type StatsFilter = z.infer<typeof StatsFilter>;

/**
 * The WHERE clause of a filter over `dateColumn` and the area alias `a`, with its parameters starting at `$first`.
 * Parameters only: values never reach the SQL text.
 * @internal
 */
export function filterSql(
  filter: StatsFilter,
  dateColumn: string,
  first = 1,
): { where: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  return {
    where: `(${p(0)}::date IS NULL OR ${dateColumn} >= ${p(0)}::date) AND (${p(1)}::date IS NULL OR ${dateColumn} <= ${p(1)}::date)
      AND (${p(2)}::text IS NULL OR a.prefecture = ${p(2)}) AND (${p(3)}::text IS NULL OR a.municipality = ${p(3)})`,
    params: [filter.from ?? null, filter.to ?? null, filter.prefecture ?? null, filter.municipality ?? null],
  };
}

/**
 * A SQL CASE expression mapping an enum column through a constant table (our own category tables, never input).
 * @internal
 */
export function caseSql(column: string, table: Readonly<Record<string, string | null>>): string {
  const whens = Object.entries(table)
    .filter(([, to]) => to !== null)
    .map(([from, to]) => `WHEN '${from}' THEN '${to}'`)
    .join(' ');
  return `CASE ${column} ${whens} ELSE NULL END`;
}

/** Fiscal year (April to March) of a date column, as used by Japanese public statistics. @internal */
export const fiscalYearSql = (column: string) => `(extract(year FROM ${column} - interval '3 months'))::int`;
