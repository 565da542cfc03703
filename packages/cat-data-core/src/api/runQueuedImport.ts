import type { CatDataRepository } from '../CatDataRepository.js';
import { ConflictError, HttpError } from '../errors.js';
import type { ImportMapping } from '../import/ImportMapping.js';
import type { ImportReport } from '../import/ImportReport.js';
import { importCsv } from '../import/importCsv.js';
import type { RawCsvStore } from './RawCsvStore.js';

/** The outcome of {@link runQueuedImport}. */
export type QueuedImportOutcome =
  | { status: 'completed'; report: ImportReport }
  | { status: 'failed'; error: { code: string; message: string; details?: unknown } }
  | { status: 'skipped' };

/**
 * Runs one queued import (the import function's work): marks it running, reads its CSV from S3, imports it in one
 * transaction, links the object version. A failure the user can act on (invalid rows, a bad mapping or encoding, no
 * upload) marks it `failed` with the reason and is not retried; anything else (the database unreachable, a crash)
 * throws, leaves it `running`, and the retry of the invocation takes it again. An import already completed by an
 * earlier delivery of the same request is skipped, so a duplicate event never imports twice.
 *
 * @example
 * const outcome = await runQueuedImport(repository, rawStore, 42);
 */
export async function runQueuedImport(
  repository: CatDataRepository,
  rawStore: RawCsvStore,
  importId: number,
): Promise<QueuedImportOutcome> {
  const options = await repository.startImport(importId);
  if (!options) return { status: 'skipped' };
  try {
    const pending = await repository.getImport(importId);
    const object = pending.rawObject ? await rawStore.read(pending.rawObject.key) : null;
    if (!pending.rawObject || !object)
      throw new ConflictError(`Upload the CSV to the presigned URL of import ${importId} first.`);
    const report = await importCsv(repository, {
      bytes: object.bytes,
      mapping: pending.mapping as ImportMapping,
      fileName: pending.fileName,
      skipInvalid: options.skipInvalid,
      pendingImportId: importId,
    });
    await repository.linkRawObject(importId, { ...pending.rawObject, versionId: object.versionId });
    return { status: 'completed', report };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const current = await repository.getImport(importId);
    if (current.status === 'completed') return { status: 'skipped' }; // a concurrent delivery won
    const failure = {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
    await repository.failImport(importId, failure);
    return { status: 'failed', error: failure };
  }
}
