import { type Logger, logLevelFromEnv, readEnvironment, StructuredLogger, s3Endpoint } from '@mv/http-edge';
import type { CatDataRepository } from '../CatDataRepository.js';
import { ImportEnvironment, repositoryFromSettings } from './handler.js';
import { RawCsvStore, RUN_REQUEST_PREFIX } from './RawCsvStore.js';
import { type QueuedImportOutcome, runQueuedImport } from './runQueuedImport.js';

/** The part of an S3 event notification the import function reads. */
export interface S3RunRequestEvent {
  Records: { s3: { bucket: { name: string }; object: { key: string } } }[];
}

/** Options of {@link createImportHandler}. */
export interface ImportHandlerOptions {
  repository: CatDataRepository | (() => Promise<CatDataRepository>);
  rawStore: RawCsvStore;
  logger?: Logger;
}

const runRequestKey = new RegExp(`^${RUN_REQUEST_PREFIX}(\\d{1,10})\\.json$`);

/**
 * The import function: invoked asynchronously by the S3 events of run requests (`runs/<importId>.json`, written by
 * `POST /imports/{id}/run`), with a timeout long enough for a 50 MB file. Each request runs
 * {@link runQueuedImport}; an unexpected error is thrown so that Lambda retries the invocation (and then sends it to
 * the dead-letter queue).
 *
 * @example
 * export const importHandler = createImportHandler({ repository, rawStore: new RawCsvStore({ bucket }) });
 */
export function createImportHandler(
  options: ImportHandlerOptions,
): (
  event: S3RunRequestEvent,
) => Promise<{ imports: { importId: number; status: QueuedImportOutcome['status'] }[] }> {
  const logger = options.logger ?? new StructuredLogger({ service: 'cat-data-import' });
  let repository: Promise<CatDataRepository> | undefined;
  return async (event) => {
    repository ??= (
      typeof options.repository === 'function' ? options.repository() : Promise.resolve(options.repository)
    ).catch((error: unknown) => {
      repository = undefined;
      throw error;
    });
    const imports = [];
    for (const record of event.Records ?? []) {
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const match = runRequestKey.exec(key);
      if (record.s3.bucket.name !== options.rawStore.bucket || !match) {
        logger.warn('not a run request', { bucket: record.s3.bucket.name, key: key.slice(0, 200) });
        continue;
      }
      const importId = Number(match[1]);
      const outcome = await runQueuedImport(await repository, options.rawStore, importId);
      logger.info('import run', {
        importId,
        status: outcome.status,
        ...(outcome.status === 'failed' ? { code: outcome.error.code } : {}),
      });
      imports.push({ importId, status: outcome.status });
    }
    return { imports };
  };
}

let configured: ReturnType<typeof createImportHandler> | undefined;

/**
 * The import function's entry point, configured from its environment ({@link ImportEnvironment}) on first call.
 *
 * @example
 * // index.mjs of both functions
 * export { handler, importHandler } from '@mv/cat-data-core/api';
 */
export function importHandler(event: S3RunRequestEvent) {
  if (!configured) {
    const settings = readEnvironment(ImportEnvironment, process.env);
    configured = createImportHandler({
      repository: repositoryFromSettings(settings),
      rawStore: new RawCsvStore({
        bucket: settings.RAW_CSV_BUCKET,
        forcePathStyle: s3Endpoint(process.env) !== undefined,
      }),
      logger: new StructuredLogger({ service: 'cat-data-import', level: logLevelFromEnv(process.env) }),
    });
  }
  return configured(event);
}
