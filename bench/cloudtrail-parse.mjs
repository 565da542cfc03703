// Parse + aggregate throughput of @mv/cloudtrail-insights on 1,000,000 CloudTrail records resampled from the
// real Stratus Red Team events (goal: >= 100k events/s). Records are delivered as trail log files
// ({"Records":[...]}, 1,000 records per file) so JSON decoding is included; file generation is not timed.
// Usage: node bench/cloudtrail-parse.mjs [events]   (build the package first)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { ActivityAggregator, parseCloudTrail, BehaviourModel } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js')
);

function dataDir() {
  const shared = resolve(here, '..', '..', 'shared', 'data', 'cloudtrail', 'stratus-red-team');
  return existsSync(shared)
    ? shared
    : join(here, '..', 'packages', 'cloudtrail-insights', 'tests', 'fixtures', 'stratus-red-team');
}

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = 1000;
const dir = dataDir();
const real = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

// Deterministic resampling: a real record, a new id, a time spread over 90 days, one of 200 identities.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const base = Date.parse('2024-09-01T00:00:00Z');
function batchText(n, offset) {
  const records = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = real[Math.floor(random() * real.length)];
    const u = r.userIdentity ?? {};
    const who = Math.floor(random() * 200);
    records[i] = {
      ...r,
      eventID: `bench-${offset + i}`,
      eventTime: new Date(base + Math.floor(random() * 90 * 86_400_000)).toISOString().replace('.000', ''),
      userIdentity: u.type === 'IAMUser' ? { ...u, userName: `${u.userName}-${who}` } : u,
    };
  }
  return JSON.stringify({ Records: records });
}

// 100 distinct files of 1,000 resampled records (about 130 MB), generated up front and read in turn until
// TOTAL events are parsed, so generation neither takes time nor makes garbage inside the measured loop.
const DISTINCT = Math.min(Math.ceil(TOTAL / BATCH), 100);
const files = Array.from({ length: DISTINCT }, (_, i) => batchText(BATCH, i * BATCH));
console.log(
  `parse + aggregate: ${TOTAL.toLocaleString()} events resampled from ${real.length} real records (${dir})`,
);
const aggregator = new ActivityAggregator();
let parseMs = 0;
let bytes = 0;
let parsed = 0;
for (let i = 0; parsed < TOTAL; i++) {
  const text = files[i % files.length];
  bytes += text.length;
  const t0 = performance.now();
  const events = parseCloudTrail(text);
  aggregator.addAll(events);
  parseMs += performance.now() - t0;
  parsed += events.length;
}
const summary = aggregator.summary({ top: 5 });
console.log(
  `  ${parsed.toLocaleString()} events, ${(bytes / 1e6).toFixed(0)} MB of JSON in ${(parseMs / 1000).toFixed(2)} s -> ` +
    `${Math.round(parsed / (parseMs / 1000)).toLocaleString()} events/s (${(bytes / 1e6 / (parseMs / 1000)).toFixed(0)} MB/s)`,
);
console.log(
  `  identities ${summary.byIdentity.length >= 5 ? '>= 5' : summary.byIdentity.length}; top event ${summary.byEventName[0].key} ${summary.byEventName[0].count}`,
);

// The obvious alternative: JSON.parse alone, no validation, no normalisation, no counting.
let plainMs = 0;
for (const text of files) {
  const t0 = performance.now();
  JSON.parse(text);
  plainMs += performance.now() - t0;
}
console.log(
  `  baseline JSON.parse only: ${Math.round((files.length * BATCH) / (plainMs / 1000)).toLocaleString()} events/s`,
);

// Fitting the behaviour model on 100k parsed events.
seed = 7;
const sample = [];
for (let offset = 0; offset < 100_000; offset += BATCH)
  sample.push(...parseCloudTrail(batchText(BATCH, offset)));
const t1 = performance.now();
const model = BehaviourModel.fit(sample);
const fitMs = performance.now() - t1;
console.log(
  `  BehaviourModel.fit on ${sample.length.toLocaleString()} events: ${(fitMs / 1000).toFixed(2)} s (${Math.round(sample.length / (fitMs / 1000)).toLocaleString()} events/s), ${model.identities().length} identities`,
);
