import { PublishedAnnualFigures } from '../../domain/records.js';
import type { RecordKind } from '../RecordKind.js';
import { area, areaCheck, areaId, counted, field, oneOf } from './kindParts.js';

const figures = PublishedAnnualFigures.shape;
const figureNames = ['intake', 'intakeFromOwner', 'returned', 'transferred', 'euthanised'] as const;
/** Published annual figures, e.g. the Ministry of the Environment's national table. @internal */
export const annual: RecordKind = {
  fields: [
    // 2022, 2022年度 or an era year (令和4年度), whatever the mapping's dateFormat.
    field('fiscalYear', { type: 'fiscalYear' }, figures.fiscalYear, 'required'),
    field('species', oneOf(figures.species), figures.species, 'required'),
    ...area,
    ...figureNames.map((name) => field(name, { type: 'int' }, figures[name])),
  ],
  check(v) {
    const problems = areaCheck(v);
    if (figureNames.every((n) => v[n] === null)) problems.push(['row', 'no figure in this row']);
    return problems;
  },
  keys: (v, idPrefix) => ({
    natural_key: `${idPrefix}${v.fiscalYear}\u001f${v.species}\u001f${v.prefecture ?? ''}\u001f${v.municipality ?? ''}\u001f${v.district ?? ''}`,
  }),
  merge: [
    counted(
      'published_annual_figures',
      'cat_data.published_annual_figures',
      'natural_key, area_id, fiscal_year, species, intake, intake_from_owner, returned, transferred, euthanised, import_id',
      `s.natural_key, ${areaId}, s.fiscal_year::int, s.species, s.intake::int, s.intake_from_owner::int, s.returned::int,
       s.transferred::int, s.euthanised::int, $1::int`,
      'stage s',
    ),
  ],
};
