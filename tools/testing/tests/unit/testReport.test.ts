import { describe, expect, it } from 'vitest';
import {
  fromExitCode,
  fromVitestReport,
  notRun,
  type SuiteResult,
  summarise,
  type VitestJsonReport,
} from '../../src/testReport.ts';

const green: VitestJsonReport = {
  success: true,
  testResults: [
    {
      name: '/repo/packages/a/tests/unit/a.test.ts',
      status: 'passed',
      assertionResults: [
        { fullName: 'a works', status: 'passed' },
        { fullName: 'a also works', status: 'passed' },
      ],
    },
  ],
};

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('summarise', () => {
  it('exits 0 and closes with the plain counts line when every suite ran green', () => {
    // Prepare
    const results = [fromVitestReport('@mv/a', 'unit', green, 0), fromExitCode('@mv/example', 'examples', 0)];
    // Act
    const { text, exitCode } = summarise(results, { inCi: true });
    // Assess
    expect(exitCode).toBe(0);
    expect(lastLine(text)).toBe('3 passed, 0 failed, 0 skipped');
    expect(text).toMatch(/^package\s+suite\s+passed\s+failed\s+skipped/);
  });

  it('a failed test fails the run and is named', () => {
    const report: VitestJsonReport = {
      testResults: [
        {
          name: '/repo/packages/a/tests/integration/x.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'x round trip', status: 'failed' },
            { fullName: 'x other', status: 'passed' },
          ],
        },
      ],
    };
    const { text, exitCode } = summarise(
      [
        fromVitestReport('@mv/a', 'integration', report, 1, '/repo/packages/a'),
        fromVitestReport('@mv/b', 'unit', green, 0),
      ],
      { inCi: false },
    );
    expect(exitCode).toBe(1);
    expect(text).toContain('FAILED  @mv/a integration: tests/integration/x.test.ts > x round trip');
    expect(lastLine(text)).toBe('3 passed, 1 failed, 0 skipped');
  });

  it('a test file that fails to load counts as a failure', () => {
    const report: VitestJsonReport = {
      testResults: [
        {
          name: 'f.test.ts',
          status: 'failed',
          message: 'Error: cannot find module\n at x',
          assertionResults: [],
        },
      ],
    };
    const { text, exitCode } = summarise([fromVitestReport('@mv/a', 'unit', report, 1)], { inCi: false });
    expect(exitCode).toBe(1);
    expect(text).toContain('f.test.ts (failed to load: Error: cannot find module)');
  });

  it('a suite that crashed before writing its report fails the run', () => {
    const { text, exitCode } = summarise([fromVitestReport('@mv/a', 'integration', undefined, 134)], {
      inCi: false,
    });
    expect(exitCode).toBe(1);
    expect(text).toContain('CRASHED @mv/a integration: exited 134 before writing its report');
    expect(lastLine(text)).toBe('0 passed, 1 failed, 0 skipped');
  });

  it('a non-zero exit with every reported test passing is a crash', () => {
    const { exitCode, text } = summarise([fromVitestReport('@mv/a', 'unit', green, 1)], { inCi: false });
    expect(exitCode).toBe(1);
    expect(text).toContain('crashed: exited 1 although no test failed');
  });

  it('a suite that never started fails the run and is listed', () => {
    const results: SuiteResult[] = [
      fromVitestReport('@mv/a', 'unit', green, 0),
      notRun('@mv/cat-data-core', 'integration', 'the run stopped before it'),
    ];
    const { text, exitCode } = summarise(results, { inCi: false });
    expect(exitCode).toBe(1);
    expect(text).toContain('NOT RUN @mv/cat-data-core integration: the run stopped before it');
    expect(lastLine(text)).toBe('2 passed, 1 failed, 0 skipped');
  });

  it('a suite that ran no test fails the run', () => {
    const { exitCode } = summarise([fromVitestReport('@mv/a', 'unit', { testResults: [] }, 0)], {
      inCi: false,
    });
    expect(exitCode).toBe(1);
  });

  it('skips print their reason; they pass on a developer machine and fail under CI', () => {
    const report: VitestJsonReport = {
      testResults: [
        { name: 's.test.ts', status: 'skipped', assertionResults: [{ fullName: 's', status: 'skipped' }] },
      ],
    };
    const skipped = {
      ...fromVitestReport('@mv/a', 'integration', report, 0),
      skipReasons: ['moto_server is not available (pip install "moto[server]")'],
    };
    const local = summarise([skipped, fromVitestReport('@mv/a', 'unit', green, 0)], { inCi: false });
    expect(local.exitCode).toBe(0);
    expect(local.text).toContain('SKIPPED @mv/a integration: moto_server is not available');
    expect(lastLine(local.text)).toBe('2 passed, 0 failed, 1 skipped');
    expect(summarise([skipped], { inCi: true }).exitCode).toBe(1);
  });

  it('an example or template check that exits non-zero fails the run', () => {
    const { exitCode, text } = summarise([fromExitCode('@mv/example-x', 'examples', 2)], { inCi: false });
    expect(exitCode).toBe(1);
    expect(text).toContain('FAILED  @mv/example-x examples: exited 2');
  });
});
