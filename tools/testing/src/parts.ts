import { appendFileSync, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when the suite runs under `.ci/run` (CI=true): a missing part is then a failure, never a skip. */
export const inCi = /^(1|true)$/i.test(process.env.CI ?? '');

/**
 * Finds an executable on PATH (or an absolute path), like `command -v`.
 * @internal
 */
export function findExecutable(name: string): string | undefined {
  if (name.includes('/')) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Decides whether an integration suite that needs `part` can run.
 *
 * On a developer machine a missing part skips the suite with a printed reason; under `CI=true` it throws, so
 * the run fails instead of passing on nothing.
 *
 * @example
 * const hasMoto = requirePart('moto_server', findExecutable('moto_server') !== undefined, 'pip install "moto[server]"');
 * describe.skipIf(!hasMoto)('S3 round trip', () => { ... });
 */
export function requirePart(part: string, available: boolean, howToInstall: string): boolean {
  if (available) return true;
  const reason = `${part} is not available (${howToInstall})`;
  if (inCi) throw new Error(`CI=true and a required test part is missing: ${reason}`);
  console.warn(`[skip] ${reason}; the tests that need it are skipped on this machine`);
  // `pnpm test:all` names a file per suite here and prints these reasons in its table.
  const log = process.env.MV_TEST_SKIP_LOG;
  if (log) appendFileSync(log, `${reason}\n`);
  return false;
}
