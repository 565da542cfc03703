import type { RecordKind } from '../RecordKind.js';
import {
  area,
  areaCheck,
  areaId,
  contentKey,
  counted,
  joinColony,
  mergeColonies,
  notBefore,
  recordId,
  text,
} from './kindParts.js';

/** TNR operations: trap, surgery and release dates, ear-tip, optionally the colony and the cat. @internal */
export const tnr: RecordKind = {
  fields: [
    recordId,
    { name: 'catExternalId', field: text(100) },
    { name: 'colony', field: text(100) },
    ...area,
    { name: 'trappedOn', field: { type: 'date' }, required: true },
    { name: 'surgeryOn', field: { type: 'date' } },
    { name: 'releasedOn', field: { type: 'date' } },
    { name: 'earTipped', field: { type: 'bool' } },
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
