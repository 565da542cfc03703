import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_DIR } from './cloudtrailSamples.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { LookupEventsSource, readCloudTrailFiles } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js')
);
const { startLocalCloudTrail } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'testing.js')
);
const real = await readCloudTrailFiles(SAMPLE_DIR);

function resample(n) {
  const start = Date.parse('2024-10-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const e = real[i % real.length];
    const timestamp = start + i * 60_000;
    const eventTime = new Date(timestamp).toISOString();
    return {
      ...e,
      eventId: `bench-${i}`,
      timestamp,
      eventTime,
      record: { ...e.record, eventID: `bench-${i}`, eventTime },
    };
  });
}

Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'bench-not-a-secret',
});
const window = { startTime: '2024-09-30T00:00:00Z', endTime: '2025-01-01T00:00:00Z', maxEvents: 1_000_000 };

async function scenario(label, events, endpointOptions, lookups) {
  const local = await startLocalCloudTrail({ events, ...endpointOptions });
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = local.endpoint;
  const account = `bench-${label}`;
  const t0 = performance.now();
  let failures = 0;
  const results = await Promise.all(
    Array.from({ length: lookups }, async (_, i) => {
      const source = new LookupEventsSource({ region: 'us-east-1', accountId: account });
      // Split the window between concurrent lookups so they fetch different events.
      const half =
        lookups === 1
          ? window
          : i === 0
            ? { ...window, endTime: '2024-10-01T08:19:59Z' }
            : { ...window, startTime: '2024-10-01T08:20:00Z' };
      try {
        return await source.lookup(half);
      } catch (error) {
        failures++;
        console.error(`  lookup failed: ${error.message}`);
        return { events: [], pages: 0, throttledRetries: 0 };
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await local.close();
  const fetched = results.reduce((n, r) => n + r.events.length, 0);
  const ids = new Set(results.flatMap((r) => r.events.map((e) => e.eventId)));
  const gaps = local.stats.callTimes.slice(1).map((t, i) => t - local.stats.callTimes[i]);
  console.log(
    `${label}: ${fetched}/${events.length} events (${ids.size} distinct) in ${seconds.toFixed(1)} s = ${(fetched / seconds).toFixed(1)} events/s; ` +
      `${local.stats.calls} calls (${(local.stats.calls / seconds).toFixed(2)}/s), ${local.stats.throttled} throttled, ${failures} failures; ` +
      `min gap between calls ${Math.min(...gaps)} ms`,
  );
}

console.log('LookupEvents at 2 calls/s per account and Region (pacer), 50 events per page');
await scenario('A 50% throttled', resample(1200), { throttleEvery: 2 }, 1);
await scenario('B AWS-like 2 TPS limit', resample(2000), { maxCallsPerSecond: 2 }, 1);
await scenario('C two callers share 2 TPS', resample(1000), { maxCallsPerSecond: 2 }, 2);
console.log(
  'Ceiling: 2 calls/s with a 25 ms jitter guard = 95 events/s unthrottled; half that when every other call is throttled.',
);
