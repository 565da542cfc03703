// CloudTrail developer-behaviour insights on real events, with no AWS account:
// files -> parse -> behaviour model -> predictions, anomalies, policy, accuracy; then the same events through a
// local CloudTrail-compatible endpoint that throttles half the calls, read by the paced LookupEventsSource.
import {
  analyzeActivity,
  BehaviourModel,
  evaluate,
  LookupEventsSource,
  readCloudTrailFiles,
} from '@mv/cloudtrail-insights';
import { startLocalCloudTrail } from '@mv/cloudtrail-insights/testing';
import { describePolicy } from './describePolicy.mjs';
import { findCloudTrailData } from './findData.mjs';

const check = process.argv.includes('--check');
const failures = [];
const expect = (ok, what) => {
  if (!ok) failures.push(what);
};

const started = Date.now();
const { dir } = findCloudTrailData();
let events;
try {
  events = await readCloudTrailFiles(dir);
} catch (error) {
  // A file that is not CloudTrail (or a gzip bomb) is named in the message: show it, not a stack trace.
  if (error?.code !== 'UnreadableCloudTrailFile') throw error;
  console.error(`Cannot read the CloudTrail files in ${dir}: ${error.message}`);
  process.exit(2);
}
console.log(`Read ${events.length} real CloudTrail events from ${dir}`);
expect(events.length > 0, 'no events read');

const model = BehaviourModel.fit(events);
const report = analyzeActivity(events, { maxIdentities: 5, predictions: 3 }, model);
const s = report.summary;
console.log(
  `\n${s.total} events, ${model.identities().length} identities, ${new Set(events.map((e) => e.eventName)).size} event names, ${s.errors} errors, ${s.readWrite.read} read / ${s.readWrite.write} write`,
);
console.log(
  `Window ${s.from} .. ${s.to}; flagged values: ${s.flagged.map((f) => `${f.key} ${f.count}`).join(', ')}`,
);
console.log(
  `Top event names: ${s.byEventName
    .slice(0, 6)
    .map((c) => `${c.key} (${c.count})`)
    .join(', ')}`,
);

console.log('\nPredicted next actions (from each identity’s calls of its last 30 minutes):');
for (const who of report.identities) {
  const next = who.predictedNext.map((p) => `${p.eventName} ${(p.probability * 100).toFixed(0)}%`).join(', ');
  console.log(
    `  ${who.identity} [${who.events} events, peak UTC hours ${who.activeHours.peakHoursUtc.join('/')}]`,
  );
  console.log(`    after ${who.lastSession.slice(-3).join(' > ') || '(session start)'} -> ${next}`);
  expect(who.predictedNext.length > 0, `no prediction for ${who.identity}`);
}

const anomalies = model.anomalies();
const high = anomalies.filter((a) => a.severity === 'high');
console.log(
  `\nAnomalies: ${anomalies.length} (${high.length} high). ${report.anomalies.byKind.map((k) => `${k.key} ${k.count}`).join(', ')}`,
);
for (const a of [...high, ...anomalies.filter((x) => x.kind === 'error-burst')].slice(0, 10)) {
  console.log(`  [${a.severity}] ${a.eventTime} ${a.identity}: ${a.kind} — ${a.detail}`);
}
expect(
  anomalies.some((a) => a.eventName === 'StopLogging'),
  'StopLogging not reported',
);

// One line per reported identity: the policy's size and first statement, or why it is empty (all calls failed).
console.log('');
for (const who of report.identities) {
  const line = describePolicy(who.identity, model.suggestPolicy(who.identity));
  console.log(line);
  expect(!line.includes('undefined'), `policy line for ${who.identity} says undefined`);
}

for (const split of ['time', 'per-identity']) {
  const r = evaluate(events, { split, trainFraction: 0.7 });
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `\nevaluate (${split} split, ${r.trainEvents} train / ${r.testEvents} test): model top-1 ${pct(r.model.top1)} top-3 ${pct(r.model.top3)}; ` +
      `most-frequent ${pct(r.baselines.mostFrequent.top1)}/${pct(r.baselines.mostFrequent.top3)}; ` +
      `markov-1 ${pct(r.baselines.markov1.top1)}/${pct(r.baselines.markov1.top3)}`,
  );
  expect(r.testEvents > 0, `no test events for ${split}`);
}

// The same events through the CloudTrail API path: a local endpoint that throttles every other call.
const local = await startLocalCloudTrail({ events, throttleEvery: 2 });
const saved = { ...process.env };
Object.assign(process.env, {
  AWS_ENDPOINT_URL_CLOUDTRAIL: local.endpoint,
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'local-demo-not-a-secret',
});
try {
  const source = new LookupEventsSource({ region: 'us-east-1', accountId: 'demo' });
  const t0 = Date.now();
  const lookup = await source.lookup({
    startTime: '2024-01-01T00:00:00Z',
    endTime: '2025-01-01T00:00:00Z',
    maxEvents: 100_000,
  });
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `\nLookupEvents via local endpoint (2 calls/s, half throttled): ${lookup.events.length} events in ${lookup.pages} pages, ` +
      `${lookup.throttledRetries} throttled calls retried, ${seconds.toFixed(1)} s, truncated=${lookup.truncated}`,
  );
  expect(
    lookup.events.length === events.length,
    `lookup returned ${lookup.events.length} of ${events.length}`,
  );
} finally {
  await local.close();
  for (const key of ['AWS_ENDPOINT_URL_CLOUDTRAIL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
}

console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
if (failures.length > 0) {
  console.error(`FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
if (check) console.log('smoke test passed');
