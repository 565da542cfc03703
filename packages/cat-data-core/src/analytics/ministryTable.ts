import type { SqlSession } from '../db/SqlDatabase.js';
import { ministryIntakeCategory, ministryOutcomeCategory } from '../domain/categories.js';
import { caseSql, filterSql, fiscalYearSql, type StatsFilter } from './StatsFilter.js';

/** One fiscal year (April to March) of the Ministry of the Environment's table, from the stored records. */
export interface MinistryTableRow {
  /** 2023 = 令和5年度 = 2023-04-01 .. 2024-03-31 */
  fiscalYear: number;
  /** 引取り数 = intakeFromOwner + intakeOwnerUnknown */
  intake: number;
  /** 所有者からの引取り */
  intakeFromOwner: number;
  /** 所有者不明の引取り */
  intakeOwnerUnknown: number;
  /** 負傷動物の収容 (not part of 引取り) */
  injured: number;
  /** 返還数 */
  returned: number;
  /** 譲渡数 (to individuals and groups) */
  transferred: number;
  /** 殺処分数 (including deaths after intake) */
  euthanised: number;
  /** Figures published for the same fiscal year (e.g. the national table), when imported; null otherwise. */
  published: PublishedFigures | null;
}

/** Figures imported with kind `annual`. */
export interface PublishedFigures {
  species: string;
  intake: number | null;
  intakeFromOwner: number | null;
  returned: number | null;
  transferred: number | null;
  euthanised: number | null;
}

/**
 * The Ministry-style annual table (引取り数, 返還数, 譲渡数, 殺処分数) by fiscal year, computed from the stored
 * intakes and outcomes with the category mapping of `ministryIntakeCategory` / `ministryOutcomeCategory`, side by side
 * with published figures of the same years (species `cat`, no area) when they were imported.
 *
 * @example
 * for (const row of await ministryTable(repository.db)) console.log(row.fiscalYear, row.intake, row.euthanised);
 */
export async function ministryTable(db: SqlSession, filter: StatsFilter = {}): Promise<MinistryTableRow[]> {
  const intakeWhere = filterSql(filter, 'i.intake_date');
  const outcomeWhere = filterSql(filter, 'o.outcome_date', 5);
  const rows = await db.query<{ fy: number; category: string; n: number }>(
    `SELECT fy, category, count(*)::int AS n FROM (
       SELECT ${fiscalYearSql('i.intake_date')} AS fy, ${caseSql('i.intake_type', ministryIntakeCategory)} AS category
       FROM cat_data.intakes i LEFT JOIN cat_data.areas a ON a.id = i.area_id WHERE ${intakeWhere.where}
       UNION ALL
       SELECT ${fiscalYearSql('o.outcome_date')}, ${caseSql('o.outcome_type', ministryOutcomeCategory)}
       FROM cat_data.outcomes o LEFT JOIN cat_data.areas a ON a.id = o.area_id WHERE ${outcomeWhere.where}
     ) events WHERE category IS NOT NULL GROUP BY fy, category ORDER BY fy`,
    [...intakeWhere.params, ...outcomeWhere.params],
  );
  const published = await db.query<{
    fiscal_year: number;
    species: string;
    intake: number | null;
    intake_from_owner: number | null;
    returned: number | null;
    transferred: number | null;
    euthanised: number | null;
  }>(
    `SELECT fiscal_year, species, intake, intake_from_owner, returned, transferred, euthanised
     FROM cat_data.published_annual_figures WHERE species = 'cat' AND area_id IS NULL ORDER BY fiscal_year`,
  );
  const years = new Map<number, MinistryTableRow>();
  const row = (fy: number) => {
    let r = years.get(fy);
    if (!r) {
      r = {
        fiscalYear: fy,
        intake: 0,
        intakeFromOwner: 0,
        intakeOwnerUnknown: 0,
        injured: 0,
        returned: 0,
        transferred: 0,
        euthanised: 0,
        published: null,
      };
      years.set(fy, r);
    }
    return r;
  };
  const field = {
    intake_from_owner: 'intakeFromOwner',
    intake_owner_unknown: 'intakeOwnerUnknown',
    injured: 'injured',
    returned: 'returned',
    transferred: 'transferred',
    euthanised: 'euthanised',
  } as const;
  for (const { fy, category, n } of rows) {
    const r = row(fy);
    r[field[category as keyof typeof field]] += n;
  }
  for (const r of years.values()) r.intake = r.intakeFromOwner + r.intakeOwnerUnknown;
  const inPeriod = (fy: number) =>
    (filter.from === undefined || fy >= Number(filter.from.slice(0, 4)) - 1) &&
    (filter.to === undefined || fy <= Number(filter.to.slice(0, 4)));
  if (filter.prefecture === undefined && filter.municipality === undefined) {
    for (const p of published) {
      if (!inPeriod(p.fiscal_year)) continue;
      row(p.fiscal_year).published = {
        species: p.species,
        intake: p.intake,
        intakeFromOwner: p.intake_from_owner,
        returned: p.returned,
        transferred: p.transferred,
        euthanised: p.euthanised,
      };
    }
  }
  return [...years.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
}
