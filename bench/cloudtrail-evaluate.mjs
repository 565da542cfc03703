import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_DIR } from './cloudtrailSamples.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { evaluate, readCloudTrailFiles } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js')
);
const dir = SAMPLE_DIR;
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
