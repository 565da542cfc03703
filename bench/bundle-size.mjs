// Deployable bundle size of the presign Lambda (minified, dependencies inlined) against the naive handler.
// `--budget <KB>`: also exit 1 when ours is larger (the test command guards the presign Lambda's 90 KB budget).
import { bundleBoth } from './lambda-bundles.mjs';

const budgetAt = process.argv.indexOf('--budget');
const budgetKb = budgetAt === -1 ? undefined : Number(process.argv[budgetAt + 1]);
if (budgetKb !== undefined && !(budgetKb > 0))
  throw new Error('--budget takes a size in KB, e.g. --budget 90');

const [ours, naive] = await bundleBoth();
console.log('deployable bundle (esbuild, minified, dependencies inlined)');
console.log(`  @mv/presign-handler re-export  ${(ours.bytes / 1024).toFixed(1).padStart(7)} KB`);
console.log(
  `  naive handler                  ${(naive.bytes / 1024).toFixed(1).padStart(7)} KB  (ours = ${(ours.bytes / naive.bytes).toFixed(3)}x)`,
);
if (budgetKb !== undefined) {
  const over = ours.bytes > budgetKb * 1024;
  console.log(`  budget ${budgetKb} KB: ${over ? 'EXCEEDED' : 'kept'}`);
  if (over) process.exitCode = 1;
}
