// Next-action prediction accuracy of the BehaviourModel on the real CloudTrail events (Stratus Red Team),
// against the most-frequent and first-order Markov baselines, for both splits and three training fractions.
// Usage: node bench/cloudtrail-evaluate.mjs   (build the package first)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { evaluate, readCloudTrailFiles } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js')
);
const shared = resolve(here, '..', '..', 'shared', 'data', 'cloudtrail');
const dir = existsSync(shared)
  ? shared
  : join(here, '..', 'packages', 'cloudtrail-insights', 'tests', 'fixtures');
const events = await readCloudTrailFiles(dir);
const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);

console.log(`evaluate() on ${events.length} real events from ${dir}`);
console.log(
  'split         train  test   model top-1/top-3   most-frequent top-1/top-3   markov-1 top-1/top-3',
);
for (const split of ['time', 'per-identity']) {
  for (const trainFraction of [0.5, 0.7, 0.8]) {
    const r = evaluate(events, { split, trainFraction });
    console.log(
      `${`${split} ${trainFraction}`.padEnd(17)} ${String(r.trainEvents).padStart(3)} ${String(r.testEvents).padStart(5)}   ` +
        `${pct(r.model.top1)} / ${pct(r.model.top3)}      ${pct(r.baselines.mostFrequent.top1)} / ${pct(r.baselines.mostFrequent.top3)}` +
        `             ${pct(r.baselines.markov1.top1)} / ${pct(r.baselines.markov1.top3)}`,
    );
  }
}
