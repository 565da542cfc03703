import { annual } from './kinds/annual.js';
import { consultations } from './kinds/consultations.js';
import { shelter } from './kinds/shelter.js';
import { sightings } from './kinds/sightings.js';
import { tnr } from './kinds/tnr.js';

export type { BulkLoadStep, FieldSpec, FieldType, MergeStep, RecordKind, RowValues } from './RecordKind.js';

import type { RecordKind } from './RecordKind.js';

/** `fieldName` -> `field_name`, the staging column. @internal */
export const columnOf = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The kinds of CSV `importCsv` understands, by the `kind` a mapping declares.
 * @internal
 */
export const recordKinds = { shelter, tnr, sightings, consultations, annual } as const;

/** `shelter`, `tnr`, `sightings`, `consultations` or `annual`. */
export type RecordKindName = keyof typeof recordKinds;

/** The staging columns holding a kind's natural keys. @internal */
export function keyColumns(kind: RecordKind): string[] {
  return Object.keys(kind.keys(Object.fromEntries(kind.fields.map((f) => [f.name, null])), ''));
}

/**
 * Staging columns of a kind: the line, the natural keys, then one text column per field.
 * @internal
 */
export function stagingColumns(kind: RecordKind): string[] {
  const keys = keyColumns(kind);
  return ['line', ...keys, ...kind.fields.map((f) => columnOf(f.name)).filter((c) => !keys.includes(c))];
}
