// Runs every benchmark in this folder, one after another, printing their figures. Never pass/fail.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run-all.mjs', 'lambda-bundles.mjs', 'naive-handler.mjs', 'multipart-child.mjs']);
const only = process.argv.slice(2);
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && !skip.has(f))
  .sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`\n# bench/${file}`);
  execFileSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}
