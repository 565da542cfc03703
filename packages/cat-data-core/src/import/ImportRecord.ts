import * as z from 'zod';
import { ImportReport } from './ImportReport.js';

/**
 * Where the raw CSV of an import is kept.
 *
 * @example
 * RawObjectLink.parse({ bucket: 'cat-data-raw', key: 'imports/1/intakes.csv', versionId: null });
 */
export const RawObjectLink = z.object({
  bucket: z.string(),
  key: z.string(),
  versionId: z.string().nullish(),
});
/** A {@link RawObjectLink}. */
export type RawObjectLink = z.infer<typeof RawObjectLink>;

/**
 * A stored import, as `CatDataRepository.getImport` reads it from `cat_data.imports`.
 *
 * @example
 * const record: ImportRecord = await repository.getImport(1);
 * if (record.status === 'failed') console.log(record.error?.message);
 */
export const ImportRecord = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  /** `pending` (awaiting its upload), `queued`, `running`, `completed` or `failed` (see `error`). */
  status: z.enum(['pending', 'queued', 'running', 'completed', 'failed']),
  /** When the import function last started it (null before). */
  startedAt: z.string().nullable(),
  /** Runs started so far (a crashed run is retried). */
  attempts: z.number().int(),
  /** Why it failed (`status: 'failed'`): the error code and message, and the rows for a rejected file. */
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  sha256: z.string().nullable(),
  rawObject: RawObjectLink.nullable(),
  // The counts and lists of the import's report, as the report defines them.
  ...ImportReport.pick({
    rowsRead: true,
    rowsStored: true,
    rowsDuplicate: true,
    rowsFiltered: true,
    rowsInvalid: true,
    recordsAdded: true,
    recordsAlreadyPresent: true,
    problems: true,
    duplicates: true,
  }).shape,
  /** The mapping an API upload will be imported with (null for CLI and library imports). */
  mapping: z.unknown(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
/** An {@link ImportRecord}. */
export type ImportRecord = z.infer<typeof ImportRecord>;

/**
 * How a queued import is to run, as the API's run request asked.
 *
 * @example
 * ImportRunOptions.parse({}); // { skipInvalid: false }
 */
export const ImportRunOptions = z.object({ skipInvalid: z.boolean().default(false) });
/** {@link ImportRunOptions}. */
export type ImportRunOptions = z.infer<typeof ImportRunOptions>;
