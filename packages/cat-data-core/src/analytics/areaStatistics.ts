import type { SqlSession } from '../db/SqlDatabase.js';
import { liveOutcomeTypes } from '../domain/categories.js';
import { filterSql, type StatsFilter } from './StatsFilter.js';

/** Activity and TNR coverage of one area. */
export interface AreaStatistics {
  prefecture: string;
  municipality: string;
  district: string;
  intakes: number;
  outcomes: number;
  liveReleaseRate: number | null;
  /** TNR operations that ended with an ear-tipped release. */
  earTippedReleases: number;
  /** Sum over the area's colonies of the largest count sighted (plus the largest colony-less count). */
  estimatedCommunityCats: number | null;
  /** earTippedReleases / estimatedCommunityCats, capped at 1; null without a population estimate. */
  tnrCoverage: number | null;
  consultations: number;
}

/**
 * Per-area table: intakes, outcomes, live release rate, TNR coverage and consultations, busiest areas first.
 *
 * @example
 * const rows = await areaStatistics(repository.db, { prefecture: '東京都' });
 */
export async function areaStatistics(db: SqlSession, filter: StatsFilter = {}): Promise<AreaStatistics[]> {
  const f = (column: string, first: number) => filterSql(filter, column, first).where;
  const live = liveOutcomeTypes.map((t) => `'${t}'`).join(', ');
  const params = filterSql(filter, 'x').params;
  const rows = await db.query<{
    prefecture: string;
    municipality: string;
    district: string;
    intakes: number;
    outcomes: number;
    live: number;
    rated: number;
    tnr: number;
    population: number | null;
    consultations: number;
  }>(
    `WITH
     intake AS (SELECT i.area_id, count(*)::int AS n FROM cat_data.intakes i
                LEFT JOIN cat_data.areas a ON a.id = i.area_id WHERE ${f('i.intake_date', 1)} GROUP BY 1),
     outcome AS (SELECT o.area_id, count(*)::int AS n,
                        count(*) FILTER (WHERE o.outcome_type IN (${live}))::int AS live,
                        count(*) FILTER (WHERE o.outcome_type NOT IN ('owner_intended_euthanasia', 'lost'))::int AS rated
                 FROM cat_data.outcomes o LEFT JOIN cat_data.areas a ON a.id = o.area_id
                 WHERE ${f('o.outcome_date', 1)} GROUP BY 1),
     tnr AS (SELECT t.area_id, count(*)::int AS n FROM cat_data.tnr_operations t
             LEFT JOIN cat_data.areas a ON a.id = t.area_id
             WHERE t.ear_tipped AND t.released_on IS NOT NULL AND ${f('t.trapped_on', 1)} GROUP BY 1),
     colony_peak AS (SELECT s.area_id, s.colony_id, max(s.cat_count) AS peak FROM cat_data.sightings s
                     LEFT JOIN cat_data.areas a ON a.id = s.area_id WHERE ${f('s.sighted_on', 1)}
                     GROUP BY 1, 2),
     population AS (SELECT area_id, (sum(peak) FILTER (WHERE colony_id IS NOT NULL)
                                     + coalesce(max(peak) FILTER (WHERE colony_id IS NULL), 0))::int AS n,
                           max(peak) FILTER (WHERE colony_id IS NULL) AS loose
                    FROM colony_peak GROUP BY 1),
     consultation AS (SELECT q.area_id, count(*)::int AS n FROM cat_data.consultations q
                      LEFT JOIN cat_data.areas a ON a.id = q.area_id WHERE ${f('q.received_on', 1)} GROUP BY 1)
     SELECT a.prefecture, a.municipality, a.district,
            coalesce(intake.n, 0) AS intakes, coalesce(outcome.n, 0) AS outcomes,
            coalesce(outcome.live, 0) AS live, coalesce(outcome.rated, 0) AS rated,
            coalesce(tnr.n, 0) AS tnr, coalesce(population.n, population.loose) AS population,
            coalesce(consultation.n, 0) AS consultations
     FROM cat_data.areas a
     LEFT JOIN intake ON intake.area_id = a.id LEFT JOIN outcome ON outcome.area_id = a.id
     LEFT JOIN tnr ON tnr.area_id = a.id LEFT JOIN population ON population.area_id = a.id
     LEFT JOIN consultation ON consultation.area_id = a.id
     WHERE ($3::text IS NULL OR a.prefecture = $3) AND ($4::text IS NULL OR a.municipality = $4)
       AND (intake.n IS NOT NULL OR outcome.n IS NOT NULL OR tnr.n IS NOT NULL OR population.area_id IS NOT NULL
            OR consultation.n IS NOT NULL)
     ORDER BY coalesce(intake.n, 0) DESC, a.prefecture, a.municipality, a.district`,
    params,
  );
  return rows.map((r) => ({
    prefecture: r.prefecture,
    municipality: r.municipality,
    district: r.district,
    intakes: r.intakes,
    outcomes: r.outcomes,
    liveReleaseRate: r.rated > 0 ? r.live / r.rated : null,
    earTippedReleases: r.tnr,
    estimatedCommunityCats: r.population,
    tnrCoverage: r.population ? Math.min(1, r.tnr / r.population) : null,
    consultations: r.consultations,
  }));
}
