// The README's test command runs this: lint, build, typecheck, package checks, then every test suite of every
// workspace package (unit, integration, examples) and the template checks. Every suite runs even when another
// fails; each one's output streams through; the end prints a table per package and suite built from what the
// suites reported themselves (Vitest's JSON report, exit codes), names every failure, crash, skip reason and suite
// that never ran, and closes with `N passed, N failed, N skipped`. Exits non-zero when anything failed, crashed or
// did not run, and under CI=true when anything was skipped (a missing test part is a failure there).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromExitCode, fromVitestReport, notRun, summarise } from '../tools/testing/src/testReport.ts';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const inCi = /^(1|true)$/i.test(process.env.CI ?? '');
const reportDir = join(root, 'test-results', 'reports');
const SUITE_TIMEOUT_MS = 30 * 60_000;
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

/** Workspace packages, from pnpm-workspace.yaml's globs (`dir/*` or a plain folder). */
function workspacePackages() {
  const globs = [
    ...readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^\s+-\s+['"]?([^'"\s]+)/gm),
  ]
    .map((m) => m[1])
    .filter((g) => !g.includes('@'));
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [join(root, glob)];
    const base = join(root, glob.slice(0, -2));
    return existsSync(base) ? readdirSync(base).map((d) => join(base, d)) : [];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** Runs a command with its output relayed (prefixed when suites run side by side); resolves its exit code. */
function run(label, command, args, { cwd = root, env = {}, prefix = '' } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      detached: true,
    });
    const relay = (stream) => {
      let rest = '';
      return (chunk) => {
        if (!prefix) return stream.write(chunk);
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) stream.write(`${prefix}${line}\n`);
      };
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, SUITE_TIMEOUT_MS);
    child.on('error', (error) => console.error(`${label}: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Runs `tasks` (async functions) with at most `limit` at once, in order of start. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const suiteNames = { 'test:unit': 'unit', 'test:integration': 'integration', 'test:examples': 'examples' };

/** One test suite of one package: Vitest suites write a JSON report; others count by exit code. */
async function runSuite({ dir, manifest }, script, prefix) {
  const pkg = manifest.name;
  const suite = suiteNames[script];
  const file = join(reportDir, `${pkg.replace(/[@/]/g, '_')}--${suite}`);
  const isVitest = /^vitest\b/.test(manifest.scripts[script]);
  const args = ['run', script];
  if (isVitest) args.push('--reporter=default', '--reporter=json', `--outputFile.json=${file}.json`);
  const { code, timedOut, seconds } = await run(`${pkg} ${suite}`, 'pnpm', args, {
    cwd: dir,
    env: { MV_TEST_SKIP_LOG: `${file}.skips` },
    prefix,
  });
  let result;
  if (isVitest) {
    let report;
    try {
      report = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    } catch {}
    result = fromVitestReport(pkg, suite, report, code, dir);
  } else result = fromExitCode(pkg, suite, code);
  result.seconds = seconds;
  if (timedOut) {
    result.state = 'crashed';
    result.note = `killed after ${SUITE_TIMEOUT_MS / 60_000} minutes`;
  }
  if (existsSync(`${file}.skips`))
    result.skipReasons = readFileSync(`${file}.skips`, 'utf8').split('\n').filter(Boolean);
  return result;
}

function files(dir, pattern) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...files(path, pattern));
    else if (pattern.test(entry)) found.push(path);
  }
  return found.sort();
}

/** A template tool: missing on a developer machine is a skip with its reason, under CI a failure. */
function toolMissing(tool, howToInstall) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0) return undefined;
  return `${tool} is not installed (${howToInstall})`;
}

/** A template check whose tool is missing: one skipped test, with the reason (a failure under CI=true). */
function skippedCheck(suite, missing) {
  console.warn(`[skip] ${suite}: ${missing}`);
  return {
    package: 'infra-templates',
    suite,
    state: 'ran',
    passed: 0,
    failed: 0,
    skipped: 1,
    skipReasons: [missing],
  };
}

async function templateCheck(suite, tool, howToInstall, commandArgs) {
  const missing = toolMissing(tool, howToInstall);
  if (missing) return skippedCheck(suite, missing);
  const { code, seconds } = await run(`infra-templates ${suite}`, tool, commandArgs);
  return fromExitCode('infra-templates', suite, code, seconds);
}

const packages = workspacePackages();
const results = [];

// Checks: each runs over the whole workspace; --continue so one package's failure does not hide another's.
const turbo = (task, ...extra) => [
  'exec',
  'turbo',
  'run',
  task,
  '--continue',
  '--output-logs=errors-only',
  ...extra,
];
const checks = [
  ['lint', 'pnpm', ['exec', 'biome', 'check', '.']],
  ['build', 'pnpm', turbo('build', '--filter=./packages/*')],
  ['typecheck', 'pnpm', turbo('typecheck')],
  ['package checks', 'pnpm', turbo('check:package')],
  // After the build: bundles the presign Lambda as examples/presign-lambda deploys it.
  ['presign bundle <= 90 KB', 'node', ['bench/bundle-size.mjs', '--budget', '90']],
];
for (const [name, command, args] of checks) {
  const { code, seconds } = await run(name, command, args);
  results.push(fromExitCode('(workspace)', `check: ${name}`, code, seconds));
}

// Test suites: unit two at a time, integration and examples one at a time (they start servers).
const expected = [];
for (const script of Object.keys(suiteNames))
  for (const p of packages) if (p.manifest.scripts?.[script]) expected.push([p, script]);
const ran = new Map();
for (const [script, limit] of [
  ['test:unit', 2],
  ['test:integration', 1],
  ['test:examples', 1],
]) {
  const mine = expected.filter(([, s]) => s === script);
  const out = await pool(
    mine.map(
      ([p]) =>
        () =>
          runSuite(p, script, limit > 1 ? `[${p.manifest.name} ${suiteNames[script]}] ` : ''),
    ),
    limit,
  );
  for (const [i, [p]] of mine.entries()) ran.set(`${p.manifest.name} ${script}`, out[i]);
}
for (const [p, script] of expected)
  results.push(
    ran.get(`${p.manifest.name} ${script}`) ??
      notRun(p.manifest.name, suiteNames[script], 'the runner stopped before it started'),
  );

// Templates.
const templates = files(join(root, 'infra-templates'), /\.ya?ml$/).filter(
  (f) => !/[/\\]scripts[/\\]|samconfig/.test(f),
);
results.push(await templateCheck('templates: cfn-lint', 'cfn-lint', 'pip install cfn-lint', templates));
const shellScripts = files(join(root, 'infra-templates'), /\.sh$/).filter((f) =>
  /[/\\]scripts[/\\][^/\\]+$/.test(f),
);
results.push(
  await templateCheck('templates: shellcheck', 'shellcheck', 'apt-get install shellcheck', [
    '-x',
    ...shellScripts,
  ]),
);
for (const script of shellScripts.filter((f) => /smoke-moto\.sh$/.test(f))) {
  const suite = `templates: ${relative(join(root, 'infra-templates'), script)}`;
  const missing = toolMissing('moto_server', 'pip install "moto[server]"');
  if (missing) {
    results.push(skippedCheck(suite, missing));
    continue;
  }
  const { code, seconds } = await run(suite, 'bash', [script]);
  results.push(fromExitCode('infra-templates', suite, code, seconds));
}

const { text, exitCode } = summarise(results, { inCi });
writeFileSync(join(root, 'test-results', 'summary.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n=== summary${inCi ? ' (CI=true: a skip is a failure)' : ''}\n${text}`);
process.exit(exitCode);
