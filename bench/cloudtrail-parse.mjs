// Parse + aggregate throughput of @mv/cloudtrail-insights on 1,000,000 CloudTrail records resampled from the
// real Stratus Red Team events (goal: >= 100k events/s). Records are delivered as trail log files
// ({"Records":[...]}, 1,000 records per file) so JSON decoding is included; file generation is not timed.
// Printed side by side with JSON.parse alone and JSON.parse + zod safeParse per record, measured in the same run.
// Usage: node bench/cloudtrail-parse.mjs [events]   (build the package first)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { SAMPLE_DIR } from './cloudtrailSamples.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { ActivityAggregator, BehaviourModel, CloudTrailRecord, parseCloudTrail } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js')
);

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = 1000;
const dir = SAMPLE_DIR;
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

// Four ways over the same JSON text, interleaved file by file (in rotating order) so that the load of a shared
// machine falls on all of them alike:
// - ours: parseCloudTrail (decode, validate, normalise identities, flag odd values) + ActivityAggregator;
// - JSON.parse alone: no validation, no normalisation, no counting (the floor: decoding only);
// - JSON.parse + zod safeParse per record: the obvious way to validate with the same schema, still without
//   normalisation or counting;
// - the same with zod's compiled schema (z.compile).
const compiledRecord = z.compile(CloudTrailRecord);
const ways = {
  ours: (text, state) => {
    const events = parseCloudTrail(text);
    state.aggregator.addAll(events);
    return events.length;
  },
  jsonParse: (text) => JSON.parse(text).Records.length,
  jsonParseZod: (text) => {
    let valid = 0;
    for (const record of JSON.parse(text).Records) if (CloudTrailRecord.safeParse(record).success) valid++;
    return valid;
  },
  // zod's own ahead-of-time compiler (public API since zod 4.4), the candidate to replace the package's
  // accept-only guard (issue: fastGuard reads zod's private definitions).
  jsonParseZodCompiled: (text) => {
    let valid = 0;
    for (const record of JSON.parse(text).Records) if (compiledRecord.safeParse(record).success) valid++;
    return valid;
  },
};
const names = Object.keys(ways);
const ROUNDS = 5;
const perRound = Math.ceil(TOTAL / BATCH / ROUNDS);
const state = { aggregator: new ActivityAggregator() };
const totals = Object.fromEntries(names.map((n) => [n, { ms: 0, events: 0 }]));
const rounds = Object.fromEntries(names.map((n) => [n, []]));
let bytes = 0;
let file = 0;
for (let round = 0; round < ROUNDS && totals.ours.events < TOTAL; round++) {
  const current = Object.fromEntries(names.map((n) => [n, { ms: 0, events: 0 }]));
  for (let k = 0; k < perRound && totals.ours.events + current.ours.events < TOTAL; k++, file++) {
    const text = files[file % files.length];
    bytes += text.length;
    for (let j = 0; j < names.length; j++) {
      const name = names[(file + j) % names.length];
      const t0 = performance.now();
      const n = ways[name](text, state);
      current[name].ms += performance.now() - t0;
      current[name].events += n;
    }
  }
  for (const name of names) {
    totals[name].ms += current[name].ms;
    totals[name].events += current[name].events;
    rounds[name].push(current[name].events / (current[name].ms / 1000));
  }
}
const rate = (name) => Math.round(totals[name].events / (totals[name].ms / 1000));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString();
const summary = state.aggregator.summary({ top: 5 });
const parsed = totals.ours.events;
const parseMs = totals.ours.ms;
console.log(
  `  ${parsed.toLocaleString()} events, ${(bytes / 1e6).toFixed(0)} MB of JSON in ${(parseMs / 1000).toFixed(2)} s -> ` +
    `${rate('ours').toLocaleString()} events/s (${(bytes / 1e6 / (parseMs / 1000)).toFixed(0)} MB/s)`,
);
console.log(
  `  identities ${summary.byIdentity.length >= 5 ? '>= 5' : summary.byIdentity.length}; top event ${summary.byEventName[0].key} ${summary.byEventName[0].count}`,
);
console.log(
  '  side by side on the same files, interleaved (events/s: whole run | median of rounds | rounds):',
);
const label = {
  ours: 'parseCloudTrail + aggregate',
  jsonParse: 'baseline JSON.parse only',
  jsonParseZod: 'baseline JSON.parse + zod safeParse/record',
  jsonParseZodCompiled: 'JSON.parse + z.compile(schema).safeParse',
};
for (const name of names) {
  console.log(
    `    ${label[name].padEnd(44)} ${fmt(rate(name)).padStart(9)} | ${fmt(median(rounds[name])).padStart(9)} | ${rounds[name].map(fmt).join(' ')}`,
  );
}
console.log(
  `    ours / JSON.parse only: ${((100 * rate('ours')) / rate('jsonParse')).toFixed(0)} %; ours / JSON.parse + zod: ${((100 * rate('ours')) / rate('jsonParseZod')).toFixed(0)} %`,
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
