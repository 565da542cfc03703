import type { SqlSession } from '../db/SqlDatabase.js';
import { liveOutcomeTypes } from '../domain/categories.js';
import { filterSql, type StatsFilter } from './StatsFilter.js';

/** One month of activity. */
export interface MonthlyTrend {
  /** `YYYY-MM` */
  month: string;
  intakes: number;
  outcomes: number;
  liveOutcomes: number;
}

/**
 * Intakes, outcomes and live outcomes per calendar month, oldest first (months without events are omitted).
 *
 * @example
 * const trend = await monthlyTrends(repository.db, { from: '2024-01-01' });
 */
export async function monthlyTrends(db: SqlSession, filter: StatsFilter = {}): Promise<MonthlyTrend[]> {
  const intakeWhere = filterSql(filter, 'i.intake_date');
  const outcomeWhere = filterSql(filter, 'o.outcome_date', 5);
  const live = liveOutcomeTypes.map((t) => `'${t}'`).join(', ');
  return db.query<MonthlyTrend>(
    `SELECT month, sum(intakes)::int AS intakes, sum(outcomes)::int AS outcomes, sum(live)::int AS "liveOutcomes" FROM (
       SELECT to_char(i.intake_date, 'YYYY-MM') AS month, 1 AS intakes, 0 AS outcomes, 0 AS live
       FROM cat_data.intakes i LEFT JOIN cat_data.areas a ON a.id = i.area_id WHERE ${intakeWhere.where}
       UNION ALL
       SELECT to_char(o.outcome_date, 'YYYY-MM'), 0, 1, CASE WHEN o.outcome_type IN (${live}) THEN 1 ELSE 0 END
       FROM cat_data.outcomes o LEFT JOIN cat_data.areas a ON a.id = o.area_id WHERE ${outcomeWhere.where}
     ) events GROUP BY month ORDER BY month`,
    [...intakeWhere.params, ...outcomeWhere.params],
  );
}
