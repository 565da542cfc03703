// Sustained LookupEvents fetch rate of @mv/cloudtrail-insights at the CloudTrail quota (2 calls/s per account
// and Region) against a local CloudTrail-compatible endpoint serving events resampled from the real ones.
//   A. the endpoint throttles every other call (50 %): retries must lose nothing (0 failures).
//   B. the endpoint enforces 2 calls/s like AWS: the pacer should keep throttling near 0 at ~100 events/s.
//   C. two lookups at once in the same account and Region share one pacer: still no throttling.
// Usage: node bench/cloudtrail-fetch.mjs   (build the package first; about a minute)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { LookupEventsSource, readCloudTrailFiles, startLocalCloudTrail } = await import(
  join(here, '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js')
);
const shared = resolve(here, '..', '..', 'shared', 'data', 'cloudtrail');
const real = await readCloudTrailFiles(
  existsSync(shared) ? shared : join(here, '..', 'packages', 'cloudtrail-insights', 'tests', 'fixtures'),
);

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
