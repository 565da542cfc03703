// The README's demo command runs this: builds the packages, then each system's demo on embedded local parts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (args) => spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', env: process.env }).status === 0;

console.log('Building the @mv/* packages ...');
if (!run(['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only']))
  process.exit(1);

const demos = [
  ['S1 AI chat-log storage', 'examples/chat-logs-demo'],
  ['S2 CloudTrail developer-behaviour insights', 'examples/cloudtrail-demo'],
  ['S3 municipal cat-data analytics', 'examples/cat-data-demo'],
];
let failed = 0;
for (const [title, dir] of demos) {
  const manifest = join(root, dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const { name, scripts } = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!scripts?.demo) continue;
  console.log(`\n──── ${title} (${name}) ────`);
  if (!run(['--silent', '--filter', name, 'demo'])) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
