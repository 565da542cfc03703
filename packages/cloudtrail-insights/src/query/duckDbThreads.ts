import { EngineConfigError } from './errors.js';

const MiB = 1024 * 1024;
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** A DuckDB memory size as written: a number and an optional unit (`256MB`, `1.5 GB`, `512MiB`). @internal */
export const MEMORY_SIZE = /^\s*(\d{1,9}(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i;

/** The smallest object DuckDB's JSON reader sets aside, whatever `maximum_object_size` says. @internal */
export const READER_MIN_OBJECT_BYTES = 16 * MiB;
// Measured on 1M resampled trail events (1,000 records a file): a window's build needs 24 MiB plus 56 MiB a thread
// (twice the reader's 16 MiB object and the rows it writes); 1 thread failed at 64 MB and ran at 80, 2 at 128/144,
// 3 at 176/192, 4 at 240/256. The sizing below keeps 8 MiB a thread and 8 MiB overall to spare.
const FIXED_BYTES = 32 * MiB;
const ROWS_PER_THREAD_BYTES = 32 * MiB;

/**
 * A DuckDB memory limit in bytes: `256MB`, `1GB`, `512MiB`, `1.5 GB` (DuckDB reads `MB` as 1000^2, `MiB` as 1024^2).
 * @internal
 */
export function memoryLimitBytes(limit: string): number {
  const match = MEMORY_SIZE.exec(limit);
  if (!match) {
    throw new EngineConfigError(
      `memoryLimit must be a size such as 256MB or 1GiB (got ${JSON.stringify(limit.slice(0, 40))})`,
    );
  }
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] as number);
}

/**
 * How many DuckDB threads read a window's files within `limitBytes`: each holds twice the JSON reader's object
 * (`objectBytes`, no less than 16 MiB) and the rows it is writing, so DuckDB's default (a thread per core) fails
 * with Out of Memory on a machine with more cores than the limit carries (the default 256 MB carries 3 threads).
 * At most `cores`, at least 1; a limit too small for one thread is a configuration error naming the need. The
 * rule holds for trail files of a few MB (the ones measured); much larger files need more than it says.
 * @internal
 */
export function readingThreads(limitBytes: number, objectBytes: number, cores: number): number {
  const perThread = 2 * Math.max(objectBytes, READER_MIN_OBJECT_BYTES) + ROWS_PER_THREAD_BYTES;
  const fit = Math.floor((limitBytes - FIXED_BYTES) / perThread);
  if (fit < 1) {
    const need = Math.ceil((FIXED_BYTES + perThread) / MiB);
    throw new EngineConfigError(
      `memoryLimit is too small to read these trail files: one DuckDB thread needs about ${need} MiB`,
    );
  }
  return Math.max(1, Math.min(fit, Math.floor(cores)));
}
