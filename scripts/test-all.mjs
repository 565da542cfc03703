// The README's test command runs this: lint, build, typecheck, package checks, unit, integration, examples,
// templates. Each step's output streams through; the end prints a summary with test counts.
// CI=true turns every missing test part (moto_server, PostgreSQL, chromium, cfn-lint) into a failure.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const inCi = /^(1|true)$/i.test(process.env.CI ?? '');
const turbo = ['exec', 'turbo', 'run'];
const steps = [
  ['lint (biome)', 'pnpm', ['exec', 'biome', 'check', '.']],
  ['build (tsup: ESM + CJS + d.ts)', 'pnpm', [...turbo, 'build', '--filter=./packages/*']],
  ['typecheck (tsc, strict)', 'pnpm', [...turbo, 'typecheck']],
  ['package checks (publint, attw)', 'pnpm', [...turbo, 'check:package']],
  ['unit tests', 'pnpm', [...turbo, 'test:unit', '--concurrency=2']],
  ['integration tests (real local parts)', 'pnpm', [...turbo, 'test:integration', '--concurrency=1']],
  ['examples as smoke tests', 'pnpm', [...turbo, 'test:examples', '--concurrency=1']],
  ['templates (cfn-lint)', null, null],
  ['template scripts (shellcheck)', null, null],
  ['template deploy smoke tests (moto)', null, null],
];

const strip = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };

function count(text) {
  for (const line of strip(text).split('\n')) {
    const match = /^\S*\s*Tests\s+(.*)$/.exec(line.replace(/^[^:]*:\S*:\s*/, '').trim());
    if (!match) continue;
    for (const [, n, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
  }
}

function run(name, command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const relay = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('close', (code) => {
      count(output);
      resolve({ name, ok: code === 0, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function templates(dir, pattern = /\.ya?ml$/) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...templates(path, pattern));
    else if (pattern.test(entry)) found.push(path);
  }
  return found.sort();
}

async function cfnLint(name) {
  const files = templates(join(root, 'infra-templates')).filter(
    (file) => !/[/\\]scripts[/\\]|samconfig/.test(file),
  );
  const probe = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    const message = 'cfn-lint is not installed (pip install cfn-lint)';
    if (inCi) {
      console.error(`CI=true and ${message}`);
      return { name, ok: false, seconds: 0 };
    }
    console.warn(`[skip] ${message}`);
    return { name, ok: true, seconds: 0, skipped: true };
  }
  return run(name, 'cfn-lint', files);
}

function scripts(pattern) {
  return templates(join(root, 'infra-templates'), /\.sh$/).filter((file) => pattern.test(file));
}

function optionalTool(name, tool, howToInstall) {
  if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (inCi) {
    console.error(`CI=true and ${tool} is not installed (${howToInstall})`);
    return false;
  }
  console.warn(`[skip] ${name}: ${tool} is not installed (${howToInstall})`);
  return undefined;
}

async function shellcheck(name) {
  const available = optionalTool(name, 'shellcheck', 'apt-get install shellcheck');
  if (available !== true)
    return { name, ok: available === undefined, seconds: 0, skipped: available === undefined };
  return run(name, 'shellcheck', ['-x', ...scripts(/[/\\]scripts[/\\][^/\\]+\.sh$/)]);
}

async function smokeTests(name) {
  const started = Date.now();
  let ok = true;
  for (const script of scripts(/smoke-moto\.sh$/))
    ok = (await run(`${name}: ${script.slice(root.length)}`, 'bash', [script])).ok && ok;
  return { name, ok, seconds: (Date.now() - started) / 1000 };
}

const special = {
  'templates (cfn-lint)': cfnLint,
  'template scripts (shellcheck)': shellcheck,
  'template deploy smoke tests (moto)': smokeTests,
};
const results = [];
for (const [name, command, args] of steps) {
  const result = command ? await run(name, command, args) : await special[name](name);
  results.push(result);
  if (!result.ok && name.startsWith('build')) break;
}
console.log('\n=== summary');
for (const r of results)
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)${r.skipped ? ' [skipped]' : ''}`,
  );
const failedSteps = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failedSteps} passed, ${failedSteps} failed`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps === 0 && totals.failed === 0 ? 0 : 1);
