import type { SqlSession } from '../db/SqlDatabase.js';
import { filterSql, type StatsFilter } from './StatsFilter.js';

/** Days from intake to outcome over the outcomes in a filter. */
export interface LengthOfStay {
  /** Stays measured (outcomes with an intake on or before them). */
  stays: number;
  medianDays: number | null;
  p90Days: number | null;
}

/**
 * Length of stay: each outcome is paired with the cat's latest intake on or before it; median and 90th percentile
 * are interpolated (`percentile_cont`).
 *
 * @example
 * const { medianDays, p90Days } = await lengthOfStay(repository.db, { from: '2023-04-01' });
 */
export async function lengthOfStay(db: SqlSession, filter: StatsFilter = {}): Promise<LengthOfStay> {
  const { where, params } = filterSql(filter, 'o.outcome_date');
  const rows = await db.query<{ stays: number; median: number | null; p90: number | null }>(
    // Set-based (one hash join and aggregate) rather than a subquery per outcome: on 1M outcomes the planner's
    // hash join is several times faster than 1M index probes.
    `SELECT count(*)::int AS stays,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY days)::float8 AS p90
     FROM (SELECT o.outcome_date - max(i.intake_date) AS days
           FROM cat_data.outcomes o
           JOIN cat_data.intakes i ON i.cat_id = o.cat_id AND i.intake_date <= o.outcome_date
           LEFT JOIN cat_data.areas a ON a.id = o.area_id
           WHERE ${where}
           GROUP BY o.id, o.outcome_date) stays`,
    params,
  );
  const r = rows[0]!;
  // Days are whole, so an interpolated percentile is a multiple of 0.1; float8 arithmetic adds noise (2.4000000000000004).
  const tenths = (days: number | null) => (days === null ? null : Math.round(days * 10) / 10);
  return { stays: r.stays, medianDays: tenths(r.median), p90Days: tenths(r.p90) };
}
