import { ConsultationCategory } from '../../domain/categories.js';
import { Consultation } from '../../domain/records.js';
import type { RecordKind } from '../RecordKind.js';
import {
  area,
  areaCheck,
  areaId,
  contentKey,
  counted,
  date,
  field,
  oneOf,
  recordId,
  text,
} from './kindParts.js';

const consultation = Consultation.shape;

/** Consultations and complaints (苦情・相談) received by the municipality. @internal */
export const consultations: RecordKind = {
  fields: [
    recordId,
    ...area,
    field('date', date, consultation.date, 'required'),
    field('category', oneOf(ConsultationCategory), consultation.category, 'required'),
    field('summary', text, consultation.summary),
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
