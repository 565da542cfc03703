// Module init (cold start) of the bundled presign Lambda against the naive handler: fresh Node processes,
// alternating, timing the import of the bundle plus the first invocation's handler creation.
import { execFileSync } from 'node:child_process';
import { bundleBoth } from './lambda-bundles.mjs';

const [ours, naive] = await bundleBoth();
const env = {
  ...process.env,
  S3_BUCKET_NAME: 'media-viewer-v209-chat-logs-dev-123456789012',
  AWS_REGION: 'ap-northeast-1',
  AUTH_MODE: 'iam',
  KMS_KEY_ID: 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const probe = (file) =>
  `const t=performance.now();const m=await import(${JSON.stringify(file)});` +
  `const init=performance.now()-t;process.stdout.write(String(init));`;
const measure = (file) =>
  Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe(file)], { env }).toString());
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const times = { ours: [], naive: [] };
// Warm the file cache first.
for (let i = 0; i < 3; i++) {
  measure(ours.outfile);
  measure(naive.outfile);
}
for (let i = 0; i < RUNS; i++) {
  times.ours.push(measure(ours.outfile));
  times.naive.push(measure(naive.outfile));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const a = median(times.ours);
const b = median(times.naive);
console.log(`module init, median of ${RUNS} fresh processes each (alternating)`);
console.log(`  @mv/presign-handler bundle  ${a.toFixed(2).padStart(7)} ms`);
console.log(`  naive handler bundle        ${b.toFixed(2).padStart(7)} ms   ours = ${(a / b).toFixed(3)}x`);
