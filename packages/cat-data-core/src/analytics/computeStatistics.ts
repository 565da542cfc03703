import * as z from 'zod';
import type { SqlSession } from '../db/SqlDatabase.js';
import { type AreaStatistics, areaStatistics } from './areaStatistics.js';
import { type MinistryTableRow, ministryTable } from './ministryTable.js';
import { type MonthlyTrend, monthlyTrends } from './monthlyTrends.js';
import type { StatsFilter } from './StatsFilter.js';
import { type SummaryStatistics, summaryStatistics } from './summaryStatistics.js';

/**
 * The statistics reports, as named by `mv-cat-data stats <report>` and `GET /stats/{report}`.
 *
 * @example
 * StatsReport.parse('ministry');
 */
export const StatsReport = z.enum(['summary', 'areas', 'monthly', 'ministry']);
/** One of {@link StatsReport}'s values. */
export type StatsReport = z.infer<typeof StatsReport>;

/** The result type of each report. */
export interface StatsResults {
  summary: SummaryStatistics;
  areas: AreaStatistics[];
  monthly: MonthlyTrend[];
  ministry: MinistryTableRow[];
}

/**
 * Runs one statistics report. All reports are aggregates: none contains an individual record.
 *
 * @example
 * const table = await computeStatistics(repository.db, 'ministry', { prefecture: '東京都' });
 */
export function computeStatistics<R extends StatsReport>(
  db: SqlSession,
  report: R,
  filter: StatsFilter = {},
): Promise<StatsResults[R]> {
  const run: { [K in StatsReport]: () => Promise<StatsResults[K]> } = {
    summary: () => summaryStatistics(db, filter),
    areas: () => areaStatistics(db, filter),
    monthly: () => monthlyTrends(db, filter),
    ministry: () => ministryTable(db, filter),
  };
  return run[report]() as Promise<StatsResults[R]>;
}
