import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { computeStatistics, StatsReport } from '../analytics/computeStatistics.js';
import { formatStatistics } from '../analytics/formatStatistics.js';
import { StatsFilter } from '../analytics/StatsFilter.js';
import { RawCsvStore } from '../api/RawCsvStore.js';
import { CatDataRepository, type RawObjectLink } from '../CatDataRepository.js';
import { DatabaseLockedError } from '../db/DirectoryLock.js';
import { CatDataError, ImportMappingError, ImportRejectedError } from '../errors.js';
import type { ImportMappingInput } from '../import/ImportMapping.js';
import { problemsToCsv, type RowDuplicate, type RowProblem } from '../import/ImportReport.js';
import { importCsv } from '../import/importCsv.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

const usage = `Usage:
  mv-cat-data import <file.csv> --mapping <mapping.json> [--skip-invalid] [--report <report.json|report.csv>]
                     [--keep-raw s3://<bucket>[/<prefix>]]   keep the raw CSV in S3 and link it to the import
  mv-cat-data stats [summary|areas|monthly|ministry] [--format table|json] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                    [--prefecture <name>] [--municipality <name>]
  mv-cat-data migrate

Database (all commands):
  --database <postgres://...>   PostgreSQL/RDS (default: $DATABASE_URL); TLS is used for non-loopback hosts
  --iam-auth --region <region>  authenticate to RDS with an IAM token instead of a password
  --data-dir <dir>              embedded PGlite directory when no PostgreSQL is given (default: ./.mv-cat-data)

Exit status: 0 done, 1 error, 2 usage, 3 import rejected (invalid rows; nothing imported),
             4 the --data-dir is open in another process (named in the message).`;

const options = {
  mapping: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  report: { type: 'string' },
  format: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  prefecture: { type: 'string' },
  municipality: { type: 'string' },
  database: { type: 'string' },
  'iam-auth': { type: 'boolean' },
  region: { type: 'string' },
  'data-dir': { type: 'string' },
  'created-by': { type: 'string' },
  'keep-raw': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

async function openRepository(
  values: Record<string, unknown>,
  env: CliIo['env'],
  migrate = true,
): Promise<CatDataRepository> {
  const url = (values.database as string | undefined) ?? env.DATABASE_URL;
  if (url) {
    const region = (values.region as string | undefined) ?? env.AWS_REGION;
    if (values['iam-auth'] && !region) throw new UsageError('--iam-auth needs --region (or AWS_REGION)');
    return CatDataRepository.openPostgres({
      migrate,
      connectionString: url,
      ...(values['iam-auth'] ? { iamAuth: { region: region! } } : {}),
    });
  }
  return CatDataRepository.openPglite({
    migrate,
    dataDir: (values['data-dir'] as string | undefined) ?? './.mv-cat-data',
  });
}

async function keepRaw(target: string, file: string, bytes: Uint8Array): Promise<RawObjectLink> {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target);
  if (!match) throw new UsageError('--keep-raw takes s3://<bucket>[/<prefix>]');
  const [, bucket, prefix] = match as unknown as [string, string, string];
  const store = new RawCsvStore({
    bucket,
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix || 'raw/',
  });
  const key = store.keyFor(file.split(/[\\/]/).pop() ?? file);
  const { versionId } = await store.put(key, bytes);
  return { bucket, key, versionId };
}

async function writeReport(
  path: string,
  problems: RowProblem[],
  duplicates: RowDuplicate[],
  summary: unknown,
): Promise<void> {
  await writeFile(
    path,
    path.endsWith('.csv') ? problemsToCsv(problems, duplicates) : `${JSON.stringify(summary, null, 2)}\n`,
  );
}

/** The mapping file's JSON; a syntax error names the file. */
async function readMapping(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportMappingError(
      `The mapping file ${path} is not valid JSON: ${(error as Error).message}. Fix it and import again.`,
    );
  }
}

/**
 * The `mv-cat-data` command line, as a function: returns the exit status instead of exiting.
 *
 * @example
 * process.exitCode = await runCli(['stats', 'ministry', '--format', 'table'], {
 *   out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env,
 * });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  let repository: CatDataRepository | undefined;
  try {
    switch (command) {
      case 'migrate': {
        repository = await openRepository(values, io.env, false);
        const applied = await repository.migrate();
        io.out(
          applied.length === 0
            ? 'Schema is up to date: nothing to apply.\n'
            : `Applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}; the schema is up to date.\n`,
        );
        return 0;
      }
      case 'import': {
        const [file] = rest;
        if (!file || !values.mapping)
          throw new UsageError('import needs <file.csv> and --mapping <mapping.json>');
        const [bytes, mapping] = await Promise.all([readFile(file), readMapping(values.mapping)]);
        repository = await openRepository(values, io.env);
        const rawObject = values['keep-raw'] ? await keepRaw(values['keep-raw'], file, bytes) : undefined;
        try {
          const report = await importCsv(repository, {
            ...(rawObject ? { rawObject } : {}),
            bytes,
            mapping: mapping as ImportMappingInput,
            fileName: file.split(/[\\/]/).pop() ?? file,
            skipInvalid: values['skip-invalid'] ?? false,
            ...(values['created-by'] ? { createdBy: values['created-by'] } : {}),
          });
          if (values.report) await writeReport(values.report, report.problems, report.duplicates, report);
          io.out(
            `Imported ${report.fileName} (${report.encoding}): ${report.rowsRead} rows read: ${report.rowsStored} stored, ` +
              `${report.rowsDuplicate} duplicate, ${report.rowsFiltered} filtered out, ` +
              `${report.rowsInvalid} invalid; ${report.recordsAdded} records added ` +
              `(${Object.entries(report.added)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}), ` +
              `${report.recordsAlreadyPresent} already present. Import #${report.importId}.\n`,
          );
          for (const p of report.problems.slice(0, 20)) io.err(`line ${p.line}: ${p.field}: ${p.reason}\n`);
          if (report.problems.length > 20)
            io.err(`... and ${report.problems.length - 20} more (see --report)\n`);
          for (const d of report.duplicates.slice(0, 20))
            io.err(`line ${d.line}: duplicate of line ${d.duplicateOf} (same keys), merged into it\n`);
          if (report.duplicates.length > 20)
            io.err(`... and ${report.duplicates.length - 20} more duplicates (see --report)\n`);
          return 0;
        } catch (error) {
          if (!(error instanceof ImportRejectedError)) throw error;
          if (values.report)
            await writeReport(values.report, error.problems, [], {
              rejected: true,
              problems: error.problems,
            });
          io.err(`${error.message}\n`);
          for (const p of error.problems.slice(0, 20)) io.err(`line ${p.line}: ${p.field}: ${p.reason}\n`);
          return 3;
        }
      }
      case 'stats': {
        const report = StatsReport.safeParse(rest[0] ?? 'summary');
        if (!report.success)
          throw new UsageError(`unknown report "${rest[0]}": use ${StatsReport.options.join(', ')}`);
        const format = values.format ?? 'table';
        if (format !== 'table' && format !== 'json') throw new UsageError('--format is table or json');
        const filter = StatsFilter.safeParse({
          from: values.from,
          to: values.to,
          prefecture: values.prefecture,
          municipality: values.municipality,
        });
        if (!filter.success)
          throw new UsageError(
            `invalid filter: ${filter.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        repository = await openRepository(values, io.env);
        const result = await computeStatistics(repository.db, report.data, filter.data);
        io.out(
          format === 'json'
            ? `${JSON.stringify(result, null, 2)}\n`
            : `${formatStatistics(report.data, result)}\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${usage}\n`);
      return 2;
    }
    if (error instanceof DatabaseLockedError) {
      io.err(`${error.message}\n`);
      return 4;
    }
    io.err(`${error instanceof CatDataError ? error.message : `Error: ${(error as Error).message}`}\n`);
    return 1;
  } finally {
    await repository?.close();
  }
}
