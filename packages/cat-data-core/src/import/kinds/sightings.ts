import { Sighting } from '../../domain/records.js';
import type { RecordKind } from '../RecordKind.js';
import {
  area,
  areaCheck,
  areaId,
  contentKey,
  counted,
  date,
  field,
  joinColony,
  mergeColonies,
  recordId,
  text,
} from './kindParts.js';

const sighting = Sighting.shape;

/** Community-cat sightings: a count on a date, at a colony, an area or a point. @internal */
export const sightings: RecordKind = {
  fields: [
    recordId,
    field('colony', text, sighting.colony),
    ...area,
    field('date', date, sighting.date, 'required'),
    field('count', { type: 'int' }, sighting.count, 'required'),
    field('latitude', { type: 'number' }, sighting.latitude),
    field('longitude', { type: 'number' }, sighting.longitude),
  ],
  check(v) {
    const problems = areaCheck(v);
    if ((v.latitude === null) !== (v.longitude === null))
      problems.push(['longitude', 'latitude and longitude go together']);
    if (v.colony !== null && v.prefecture === null) problems.push(['colony', 'a colony needs its area']);
    return problems;
  },
  keys: (v, idPrefix) => ({
    natural_key: contentKey(v, idPrefix, [
      'colony',
      'prefecture',
      'municipality',
      'district',
      'date',
      'latitude',
      'longitude',
    ]),
  }),
  merge: [
    mergeColonies,
    counted(
      'sightings',
      'cat_data.sightings',
      'natural_key, area_id, colony_id, sighted_on, cat_count, latitude, longitude, import_id',
      `s.natural_key, ${areaId}, co.id, s.date::date, s.count::int, s.latitude::float8, s.longitude::float8, $1::int`,
      `stage s ${joinColony}`,
    ),
  ],
};
