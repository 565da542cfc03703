import * as z from 'zod';
import { DateFormat } from './parseDate.js';
import { recordKinds } from './recordKinds.js';

/**
 * A mapping file: how the columns of one CSV layout feed the fields of one record kind. Real exports differ between
 * municipalities and shelter software, so the mapping — not code — absorbs the difference.
 *
 * @example
 * const mapping = ImportMapping.parse({
 *   version: 1,
 *   kind: 'shelter',
 *   dateFormat: 'MM/DD/YYYY',
 *   species: { column: 'Animal Type', include: ['Cat'] },
 *   columns: { externalId: 'Animal ID', intakeDate: 'DateTime', intakeType: 'Intake Type', sex: 'Sex upon Intake' },
 *   values: { intakeType: { Stray: 'stray', 'Owner Surrender': 'owner_surrender', 'Public Assist': 'other' } },
 *   constants: { prefecture: 'Texas', municipality: 'Austin' },
 * });
 */
export const ImportMapping = z
  .object({
    version: z.literal(1),
    kind: z.enum(Object.keys(recordKinds) as [keyof typeof recordKinds, ...(keyof typeof recordKinds)[]]),
    encoding: z.enum(['auto', 'utf-8', 'shift_jis']).default('auto'),
    dateFormat: DateFormat.default('auto'),
    delimiter: z.string().length(1).default(','),
    /** field -> CSV header */
    columns: z.record(z.string(), z.string().min(1)),
    /** field -> (CSV value -> stored value); matched exactly, then ignoring case and surrounding spaces. */
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    /** field -> value used for every row (e.g. the municipality when the file is one municipality's). */
    constants: z.record(z.string(), z.string()).default({}),
    /** Keep only rows whose `column` holds one of `include` (case-insensitive), e.g. cats in a dogs-and-cats export. */
    species: z.object({ column: z.string().min(1), include: z.array(z.string().min(1)).min(1) }).optional(),
    /** Prepended to ids and natural keys, so two sources with overlapping ids do not collide. */
    idPrefix: z.string().max(40).default(''),
  })
  .superRefine((mapping, ctx) => {
    const kind = recordKinds[mapping.kind];
    const known = new Set(kind.fields.map((f) => f.name));
    for (const section of ['columns', 'values', 'constants'] as const) {
      for (const field of Object.keys(mapping[section])) {
        if (!known.has(field)) {
          ctx.addIssue({
            code: 'custom',
            path: [section, field],
            message: `"${field}" is not a field of kind "${mapping.kind}" (fields: ${[...known].join(', ')})`,
          });
        }
      }
    }
    for (const field of kind.fields) {
      if (field.required && !(field.name in mapping.columns) && !(field.name in mapping.constants)) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', field.name],
          message: `kind "${mapping.kind}" needs "${field.name}": map it to a column or give it a constant`,
        });
      }
    }
  });
/** A parsed {@link ImportMapping}. */
export type ImportMapping = z.infer<typeof ImportMapping>;
/** What a mapping file may contain (defaults filled in by parsing). */
export type ImportMappingInput = z.input<typeof ImportMapping>;
