import { ministryLabels } from '../domain/categories.js';
import type { StatsReport, StatsResults } from './computeStatistics.js';

type Cell = string | number | null;

/** Renders rows as an aligned text table (East Asian wide characters count double). @internal */
export function textTable(headers: readonly string[], rows: readonly Cell[][]): string {
  const width = (s: string) =>
    [...s].reduce(
      (w, c) =>
        w +
        (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
          c,
        )
          ? 2
          : 1),
      0,
    );
  const text = rows.map((r) => r.map((c) => (c === null ? '—' : String(c))));
  const widths = headers.map((h, i) => Math.max(width(h), ...text.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - width(c));
        return typeof rows[0]?.[i] === 'number' ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

const percent = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`);

/**
 * Renders a statistics report as a text table for terminals (`mv-cat-data stats --format table`).
 *
 * @example
 * console.log(formatStatistics('ministry', await computeStatistics(db, 'ministry')));
 */
export function formatStatistics<R extends StatsReport>(report: R, result: StatsResults[R]): string {
  switch (report) {
    case 'ministry': {
      const rows = result as StatsResults['ministry'];
      return textTable(
        [
          '年度 FY',
          `引取り数`,
          ministryLabels.intake_from_owner,
          ministryLabels.intake_owner_unknown,
          `${ministryLabels.returned}数`,
          `${ministryLabels.transferred}数`,
          `${ministryLabels.euthanised}数`,
          '公表 殺処分数 (national)',
        ],
        rows.map((r) => [
          r.fiscalYear,
          r.intake,
          r.intakeFromOwner,
          r.intakeOwnerUnknown,
          r.returned,
          r.transferred,
          r.euthanised,
          r.published?.euthanised ?? null,
        ]),
      );
    }
    case 'areas': {
      const rows = result as StatsResults['areas'];
      return textTable(
        [
          'prefecture',
          'municipality',
          'district',
          'intakes',
          'outcomes',
          'live release',
          'ear-tipped',
          'est. cats',
          'TNR coverage',
          'consultations',
        ],
        rows.map((r) => [
          r.prefecture,
          r.municipality,
          r.district,
          r.intakes,
          r.outcomes,
          percent(r.liveReleaseRate),
          r.earTippedReleases,
          r.estimatedCommunityCats,
          percent(r.tnrCoverage),
          r.consultations,
        ]),
      );
    }
    case 'monthly': {
      const rows = result as StatsResults['monthly'];
      return textTable(
        ['month', 'intakes', 'outcomes', 'live outcomes'],
        rows.map((r) => [r.month, r.intakes, r.outcomes, r.liveOutcomes]),
      );
    }
    default: {
      const s = result as StatsResults['summary'];
      const lines: Cell[][] = [
        ['intakes', s.intakes],
        ['outcomes', s.outcomes],
        ['live release rate', percent(s.liveReleaseRate)],
        ['length of stay, median (days)', s.lengthOfStay.medianDays],
        ['length of stay, p90 (days)', s.lengthOfStay.p90Days],
        ...Object.entries(s.intakesByType).map(([k, v]): Cell[] => [`intake: ${k}`, v ?? 0]),
        ...Object.entries(s.outcomesByType).map(([k, v]): Cell[] => [`outcome: ${k}`, v ?? 0]),
        ...Object.entries(s.intakesBySpecies).map(([k, v]): Cell[] => [`species: ${k}`, v]),
        ...Object.entries(s.consultationsByCategory).map(([k, v]): Cell[] => [`consultation: ${k}`, v]),
      ];
      return textTable(
        ['statistic', 'value'],
        lines.map(([k, v]) => [k ?? '', v === null || v === undefined ? null : String(v)]),
      );
    }
  }
}
