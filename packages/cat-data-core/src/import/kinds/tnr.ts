import { TnrOperation } from '../../domain/records.js';
import type { RecordKind } from '../RecordKind.js';
import {
  area,
  areaCheck,
  areaId,
  bool,
  contentKey,
  counted,
  date,
  field,
  joinColony,
  mergeColonies,
  notBefore,
  recordId,
  text,
} from './kindParts.js';

const operation = TnrOperation.shape;

/** TNR operations: trap, surgery and release dates, ear-tip, optionally the colony and the cat. @internal */
export const tnr: RecordKind = {
  fields: [
    recordId,
    field('catExternalId', text, operation.catExternalId),
    field('colony', text, operation.colony),
    ...area,
    field('trappedOn', date, operation.trappedOn, 'required'),
    field('surgeryOn', date, operation.surgeryOn),
    field('releasedOn', date, operation.releasedOn),
    field('earTipped', bool, operation.earTipped),
  ],
  check(v) {
    const problems = [
      ...areaCheck(v),
      ...notBefore(v, 'surgeryOn', 'trappedOn'),
      ...notBefore(v, 'releasedOn', 'trappedOn'),
    ];
    if (v.colony !== null && v.prefecture === null) problems.push(['colony', 'a colony needs its area']);
    return problems;
  },
  keys: (v, idPrefix) => ({
    natural_key: contentKey(v, idPrefix, [
      'catExternalId',
      'colony',
      'prefecture',
      'municipality',
      'district',
      'trappedOn',
    ]),
  }),
  merge: [
    mergeColonies,
    counted(
      'tnr_operations',
      'cat_data.tnr_operations',
      'natural_key, area_id, colony_id, cat_external_id, trapped_on, surgery_on, released_on, ear_tipped, import_id',
      `s.natural_key, ${areaId}, co.id, s.cat_external_id, s.trapped_on::date, s.surgery_on::date, s.released_on::date,
       coalesce(s.ear_tipped::boolean, false), $1::int`,
      `stage s ${joinColony}`,
    ),
  ],
};
