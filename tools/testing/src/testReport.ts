/**
 * The honest test report of `pnpm test:all`: one row per package and suite (unit, integration, examples,
 * templates, checks), built from what each suite itself reported, with suites that crashed before reporting or
 * never started counted as failures. Pure functions: `scripts/test-all.mjs` gathers, this decides.
 */

/** What kind of suite a row is. */
export type SuiteKind = 'check' | 'unit' | 'integration' | 'examples' | 'templates';

/**
 * The outcome of one suite, as gathered by the runner.
 * - `ran`: the suite finished and reported its tests (`exitCode` is its exit code);
 * - `crashed`: it exited without a usable report, or exited non-zero although every test it reported passed;
 * - `not-run`: it was expected (a package declares the script) but never started.
 */
export interface SuiteResult {
  package: string;
  suite: SuiteKind | string;
  state: 'ran' | 'crashed' | 'not-run';
  passed: number;
  failed: number;
  skipped: number;
  exitCode?: number | null;
  /** Names of the failed tests or test files (shown under the table). */
  failures?: string[];
  /** Why tests were skipped (printed by `requirePart` and friends). */
  skipReasons?: string[];
  /** Why the suite crashed or did not run. */
  note?: string;
  seconds?: number;
}

/** The subset of Vitest's (Jest-compatible) JSON report that the summary reads. */
export interface VitestJsonReport {
  success?: boolean;
  testResults?: {
    name: string;
    status?: string;
    message?: string;
    assertionResults?: { fullName?: string; title?: string; status: string }[];
  }[];
}

/**
 * Counts one Vitest JSON report into a suite result. A test file that failed to load (no assertions, status
 * failed) counts as one failure; a non-zero exit with no failed test is a crash (an unhandled error, a teardown
 * that threw, a timeout of the run itself).
 *
 * @example
 * const result = fromVitestReport('@mv/presign-handler', 'unit', JSON.parse(text), 0);
 */
export function fromVitestReport(
  pkg: string,
  suite: SuiteKind | string,
  report: VitestJsonReport | undefined,
  exitCode: number | null,
  root = '',
): SuiteResult {
  if (!report || !Array.isArray(report.testResults))
    return {
      package: pkg,
      suite,
      state: 'crashed',
      passed: 0,
      failed: 0,
      skipped: 0,
      exitCode,
      note: `exited ${exitCode ?? 'by signal'} before writing its report`,
    };
  const result: SuiteResult = {
    package: pkg,
    suite,
    state: 'ran',
    passed: 0,
    failed: 0,
    skipped: 0,
    exitCode,
    failures: [],
  };
  for (const file of report.testResults) {
    const name = root && file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const assertions = file.assertionResults ?? [];
    if (assertions.length === 0 && file.status === 'failed') {
      result.failed += 1;
      result.failures?.push(`${name} (failed to load: ${firstLine(file.message)})`);
      continue;
    }
    for (const test of assertions) {
      if (test.status === 'passed') result.passed += 1;
      else if (test.status === 'failed') {
        result.failed += 1;
        result.failures?.push(`${name} > ${test.fullName ?? test.title ?? '?'}`);
      } else result.skipped += 1;
    }
  }
  if (exitCode !== 0 && result.failed === 0) {
    result.state = 'crashed';
    result.note = `exited ${exitCode ?? 'by signal'} although no test failed (an error outside the tests)`;
  }
  return result;
}

/** A suite that is not a test runner (an example, a template check): one test, passed when it exits 0. */
export function fromExitCode(
  pkg: string,
  suite: SuiteKind | string,
  exitCode: number | null,
  seconds?: number,
): SuiteResult {
  const ok = exitCode === 0;
  return {
    package: pkg,
    suite,
    state: 'ran',
    passed: ok ? 1 : 0,
    failed: ok ? 0 : 1,
    skipped: 0,
    exitCode,
    seconds,
    failures: ok ? [] : [`exited ${exitCode ?? 'by signal'}`],
  };
}

/** A suite that was expected but never started. */
export function notRun(pkg: string, suite: SuiteKind | string, note: string): SuiteResult {
  return { package: pkg, suite, state: 'not-run', passed: 0, failed: 0, skipped: 0, note };
}

/** Why a row fails the run, or undefined when it does not. Under CI every skip is a failure. */
export function rowProblem(result: SuiteResult, inCi: boolean): string | undefined {
  if (result.state === 'not-run') return `did not run${result.note ? `: ${result.note}` : ''}`;
  if (result.state === 'crashed') return `crashed: ${result.note ?? 'no report'}`;
  if (result.failed > 0) return `${result.failed} failed`;
  if (inCi && result.skipped > 0) return `${result.skipped} skipped under CI=true`;
  if (result.passed === 0 && result.skipped === 0) return 'ran no test';
  return undefined;
}

/** The totals of the closing line: a crashed or never-started suite counts as one failure. */
export function totals(results: SuiteResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    passed += r.passed;
    skipped += r.skipped;
    failed += r.state === 'ran' ? r.failed : Math.max(1, r.failed);
  }
  return { passed, failed, skipped };
}

/**
 * The table, the details of every failing or skipping row, and the closing line `N passed, N failed, N skipped`,
 * with the exit code the runner must use (non-zero when any row failed, crashed, did not run or, under CI, skipped).
 *
 * @example
 * const { text, exitCode } = summarise(results, { inCi: process.env.CI === 'true' });
 * console.log(text);
 * process.exit(exitCode);
 */
export function summarise(
  results: SuiteResult[],
  options: { inCi: boolean },
): { text: string; exitCode: number } {
  const header = ['package', 'suite', 'passed', 'failed', 'skipped', 'time', 'status'];
  const rows = results.map((r) => {
    const problem = rowProblem(r, options.inCi);
    return [
      r.package,
      r.suite,
      String(r.passed),
      String(r.state === 'ran' ? r.failed : Math.max(1, r.failed)),
      String(r.skipped),
      r.seconds === undefined ? '' : `${r.seconds.toFixed(1)} s`,
      problem ? `FAIL ${problem}` : 'ok',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const details: string[] = [];
  for (const r of results) {
    const where = `${r.package} ${r.suite}`;
    for (const failure of r.failures ?? []) details.push(`  FAILED  ${where}: ${failure}`);
    if (r.state !== 'ran')
      details.push(`  ${r.state === 'crashed' ? 'CRASHED' : 'NOT RUN'} ${where}: ${r.note ?? ''}`);
    if (r.skipped > 0) {
      const reasons = r.skipReasons?.length ? r.skipReasons : ['no reason was printed'];
      for (const reason of new Set(reasons)) details.push(`  SKIPPED ${where}: ${reason}`);
    }
  }
  if (details.length > 0) out.push('', ...details);
  const failedRows = results.filter((r) => rowProblem(r, options.inCi) !== undefined).length;
  const t = totals(results);
  out.push('', `suites: ${results.length - failedRows} ok, ${failedRows} failing`);
  out.push(`${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  return { text: out.join('\n'), exitCode: failedRows === 0 ? 0 : 1 };
}

function firstLine(text: string | undefined): string {
  return (text ?? 'unknown error').split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
}
