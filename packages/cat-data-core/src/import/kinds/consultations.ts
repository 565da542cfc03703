import { ConsultationCategory } from '../../domain/categories.js';
import type { RecordKind } from '../RecordKind.js';
import { area, areaCheck, areaId, contentKey, counted, recordId, text } from './kindParts.js';

/** Consultations and complaints (苦情・相談) received by the municipality. @internal */
export const consultations: RecordKind = {
  fields: [
    recordId,
    ...area,
    { name: 'date', field: { type: 'date' }, required: true },
    { name: 'category', field: { type: 'enum', values: ConsultationCategory.options }, required: true },
    { name: 'summary', field: text(2000) },
  ],
  check: areaCheck,
  keys: (v, idPrefix) => ({
    natural_key: contentKey(v, idPrefix, [
      'prefecture',
      'municipality',
      'district',
      'date',
      'category',
      'summary',
    ]),
  }),
  merge: [
    counted(
      'consultations',
      'cat_data.consultations',
      'natural_key, area_id, received_on, category, summary, import_id',
      `s.natural_key, ${areaId}, s.date::date, s.category, s.summary, $1::int`,
      'stage s',
    ),
  ],
};
