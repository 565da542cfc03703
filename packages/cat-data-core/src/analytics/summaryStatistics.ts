import type { SqlSession } from '../db/SqlDatabase.js';
import {
  type IntakeType,
  liveOutcomeTypes,
  type OutcomeType,
  sacIntakeGroup,
  sacOutcomeGroup,
} from '../domain/categories.js';
import { type LengthOfStay, lengthOfStay } from './lengthOfStay.js';
import { filterSql, type StatsFilter } from './StatsFilter.js';

/** Totals of a period and area. */
export interface SummaryStatistics {
  filter: StatsFilter;
  intakes: number;
  outcomes: number;
  intakesByType: Partial<Record<IntakeType, number>>;
  outcomesByType: Partial<Record<OutcomeType, number>>;
  /** Shelter Animals Count groups (US Basic Data Matrix). */
  intakesBySacGroup: Record<string, number>;
  outcomesBySacGroup: Record<string, number>;
  intakesBySpecies: Record<string, number>;
  /** Live outcomes / outcomes, excluding owner-intended euthanasia and lost animals; null without outcomes. */
  liveReleaseRate: number | null;
  lengthOfStay: LengthOfStay;
  consultationsByCategory: Record<string, number>;
}

const excludedFromRate: OutcomeType[] = ['owner_intended_euthanasia', 'lost'];

/**
 * Counts by intake type, outcome type, species and SAC group, the live release rate and the length of stay.
 *
 * @example
 * const summary = await summaryStatistics(repository.db, { from: '2023-04-01', to: '2024-03-31' });
 * console.log(summary.liveReleaseRate);
 */
export async function summaryStatistics(
  db: SqlSession,
  filter: StatsFilter = {},
): Promise<SummaryStatistics> {
  const intakeWhere = filterSql(filter, 'i.intake_date');
  const outcomeWhere = filterSql(filter, 'o.outcome_date');
  const consultationWhere = filterSql(filter, 'q.received_on');
  const counts = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));
  const [byIntake, bySpecies, byOutcome, byConsultation] = [
    await db.query<{ key: string; n: number }>(
      `SELECT i.intake_type AS key, count(*)::int AS n FROM cat_data.intakes i
       LEFT JOIN cat_data.areas a ON a.id = i.area_id WHERE ${intakeWhere.where} GROUP BY 1 ORDER BY 1`,
      intakeWhere.params,
    ),
    await db.query<{ key: string; n: number }>(
      `SELECT c.species AS key, count(*)::int AS n FROM cat_data.intakes i JOIN cat_data.cats c ON c.id = i.cat_id
       LEFT JOIN cat_data.areas a ON a.id = i.area_id WHERE ${intakeWhere.where} GROUP BY 1 ORDER BY 1`,
      intakeWhere.params,
    ),
    await db.query<{ key: string; n: number }>(
      `SELECT o.outcome_type AS key, count(*)::int AS n FROM cat_data.outcomes o
       LEFT JOIN cat_data.areas a ON a.id = o.area_id WHERE ${outcomeWhere.where} GROUP BY 1 ORDER BY 1`,
      outcomeWhere.params,
    ),
    await db.query<{ key: string; n: number }>(
      `SELECT q.category AS key, count(*)::int AS n FROM cat_data.consultations q
       LEFT JOIN cat_data.areas a ON a.id = q.area_id WHERE ${consultationWhere.where} GROUP BY 1 ORDER BY 1`,
      consultationWhere.params,
    ),
  ];
  const intakesByType = counts(byIntake) as Partial<Record<IntakeType, number>>;
  const outcomesByType = counts(byOutcome) as Partial<Record<OutcomeType, number>>;
  const group = (byType: Record<string, number>, groups: Readonly<Record<string, string>>) => {
    const result: Record<string, number> = {};
    for (const [type, n] of Object.entries(byType)) {
      const name = groups[type] ?? 'Other';
      result[name] = (result[name] ?? 0) + n;
    }
    return result;
  };
  const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  const live = liveOutcomeTypes.reduce((n, t) => n + (outcomesByType[t] ?? 0), 0);
  const rated = sum(outcomesByType) - excludedFromRate.reduce((n, t) => n + (outcomesByType[t] ?? 0), 0);
  return {
    filter,
    intakes: sum(intakesByType),
    outcomes: sum(outcomesByType),
    intakesByType,
    outcomesByType,
    intakesBySacGroup: group(intakesByType, sacIntakeGroup),
    outcomesBySacGroup: group(outcomesByType, sacOutcomeGroup),
    intakesBySpecies: counts(bySpecies),
    liveReleaseRate: rated > 0 ? live / rated : null,
    lengthOfStay: await lengthOfStay(db, filter),
    consultationsByCategory: counts(byConsultation),
  };
}
