// DuckDB (embedded engine) against today's in-process path on resampled real CloudTrail events written as a trail
// bucket (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/, ~1,000 records per .json.gz): event-name /
// identity / hour aggregation plus the behaviour model's sequence extraction (sessions -> next-call pair counts).
// Each path runs in its own child process so its peak RSS is its own. Also prints the bytes an Athena query of
// one account and one day would scan with partition projection (the compressed files its pruning keeps).
// Peak RSS is printed for each size so its growth with the number of events shows; CPU seconds (all threads) beside
// the wall time, since the machines the bench runs on are shared (the load average is printed with each size).
// `--before <dist/index.js>` adds the same DuckDB work through another build of the package (e.g. an earlier
// commit's), measured in the same run; `--dist` runs the bench on another build than the package's own `dist/`
// (a snapshot others' rebuilds cannot change mid-run).
// `--rounds N` (default 3) runs the paths N times, interleaved, and quotes the median; a DuckDB run with one thread
// follows, to show how the engine's time scales with cores (the in-process path uses one).
// Usage: node bench/cloudtrail-engines.mjs [events[,events...]] [--rounds N] [--before <dist/index.js>] [--dist <dist/index.js>]
//        (default 250,000,500,000,1,000,000; build the package first)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SAMPLE_DIR } from './cloudtrailSamples.mjs';

const here = fileURLToPath(import.meta.url);
const builtDist = join(dirname(here), '..', 'packages', 'cloudtrail-insights', 'dist', 'index.js');

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

// Sessions -> counts of (previous call, next call): what the n-gram model is trained from.
function countPairs(pairs, names) {
  for (let i = 0; i < names.length; i++) {
    const key = `${i === 0 ? '^' : names[i - 1]} ${names[i]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
}

async function child(kind, root, libPath) {
  const lib = await import(libPath);
  const started = performance.now();
  const pairs = new Map();
  let total;
  let names;
  if (kind.startsWith('duckdb')) {
    const engine = await lib.DuckDbEngine.open({ root, ...(kind === 'duckdb-1' ? { threads: 1 } : {}) });
    const { result } = await lib.activitySummary(engine, {});
    total = result.total;
    names = result.byEventName.length;
    await lib.forEachSession(engine, {}, {}, (sessions) => {
      for (const s of sessions) countPairs(pairs, s.eventNames);
    });
    await engine.close();
  } else {
    const aggregator = new lib.ActivityAggregator();
    const events = [];
    for (const file of walk(root).sort()) {
      const parsed = lib.parseCloudTrail(readFileSync(file));
      aggregator.addAll(parsed);
      for (const e of parsed) events.push(e);
    }
    const summary = aggregator.summary();
    total = summary.total;
    names = summary.byEventName.length;
    for (const s of lib.sessionise(events))
      countPairs(
        pairs,
        s.events.map((e) => e.eventName),
      );
  }
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  const cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(
    JSON.stringify({ total, names, pairs: pairs.size, ms, cpuS, rssMiB: usage.maxRSS / 1024 }),
  );
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
  process.exit(0);
}

const args = process.argv.slice(2);
const beforeAt = args.indexOf('--before');
const before = beforeAt >= 0 ? resolve(args.splice(beforeAt, 2)[1]) : undefined;
const distAt = args.indexOf('--dist');
const dist = distAt >= 0 ? resolve(args.splice(distAt, 2)[1]) : builtDist;
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 3;
const SIZES = (args[0] ?? '250000,500000,1000000').split(',').map(Number);
const PER_FILE = 1000;
const real = readdirSync(SAMPLE_DIR)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => JSON.parse(readFileSync(join(SAMPLE_DIR, f), 'utf8')));
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];

/** `2.9x faster` or `2.5x slower` (never `0.4x faster`). */
function times(ratio, more, less) {
  return ratio >= 1 ? `${ratio.toFixed(1)}x ${more}` : `${(1 / ratio).toFixed(1)}x ${less}`;
}

const runs = [];
for (const TOTAL of SIZES) runs.push(await benchSize(TOTAL));
if (runs.length > 1) {
  console.log('peak RSS by events (MiB):');
  for (const { total, rows } of runs)
    console.log(
      `  ${total.toLocaleString().padStart(10)}  ${rows.map(([name, r]) => `${name} ${r.failed ? 'failed' : Math.round(r.rssMiB)}`).join(', ')}`,
    );
}

async function benchSize(TOTAL) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
  const DAYS = 30;
  const base = Date.parse('2026-01-01T00:00:00Z');
  const root = mkdtempSync(join(tmpdir(), 'mv-engines-bench-'));
  try {
    // Each file: one account, Region and day; records resampled from the real ones, one of 200 identities each.
    for (let written = 0, n = 0; written < TOTAL; n++) {
      const account = ACCOUNTS[n % ACCOUNTS.length];
      const region = REGIONS[Math.floor(n / ACCOUNTS.length) % REGIONS.length];
      const day = Math.floor(n / (ACCOUNTS.length * REGIONS.length)) % DAYS;
      const count = Math.min(PER_FILE, TOTAL - written);
      const dayStart = base + day * 86_400_000;
      const records = Array.from({ length: count }, (_, i) => {
        const r = real[Math.floor(random() * real.length)];
        const u = r.userIdentity ?? {};
        const who = Math.floor(random() * 200);
        return {
          ...r,
          eventID: `bench-${written + i}`,
          eventTime: new Date(dayStart + Math.floor(random() * 86_400_000)).toISOString().replace('.000', ''),
          awsRegion: region,
          recipientAccountId: account,
          userIdentity: u.type === 'IAMUser' ? { ...u, userName: `${u.userName}-${who}` } : u,
        };
      });
      const date = new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '/');
      const folder = join(root, 'AWSLogs', account, 'CloudTrail', region, date);
      mkdirSync(folder, { recursive: true });
      writeFileSync(
        join(folder, `${account}_CloudTrail_${region}_${n}.json.gz`),
        gzipSync(JSON.stringify({ Records: records })),
      );
      written += count;
    }
    console.log(
      `engines: ${TOTAL.toLocaleString()} events resampled from ${real.length} real records, ${walk(root).length} .json.gz files`,
    );
    // A run that fails (e.g. DuckDB out of memory) is reported in its row; the others still run.
    const run = (kind, lib = dist) => {
      try {
        return JSON.parse(
          execFileSync(process.execPath, ['--max-old-space-size=16384', here, '--child', kind, root, lib], {
            maxBuffer: 1 << 20,
            stdio: ['ignore', 'pipe', 'pipe'],
          }).toString(),
        );
      } catch (error) {
        const reason =
          /Error: ([^\n]*)/.exec(String(error.stderr ?? ''))?.[1] ?? String(error.message).split('\n')[0];
        return { failed: reason };
      }
    };
    const load = loadavg()[0];
    // Rounds interleave the paths, each round in the other order, so a busy spell of the shared machine falls on
    // both; each round's ratio is of runs seconds apart, and the median of the rounds is the figure to quote.
    const paths = [['in-process', 'memory', dist]];
    if (before) paths.push(['DuckDB before', 'duckdb', before]);
    paths.push(['DuckDB', 'duckdb', dist]);
    const results = new Map(paths.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, kind, lib] of round % 2 === 0 ? paths : [...paths].reverse())
        results.get(name).push(run(kind, lib));
    // One thread: how the engine's time scales with cores (the in-process path runs on one).
    results.set('DuckDB, 1 thread', [run('duckdb-1', dist)]);
    // The machines are shared: the 1-minute load average before and after says how far to trust the wall times.
    console.log(
      `load average (1 min) ${load.toFixed(1)} before these runs, ${loadavg()[0].toFixed(1)} after; ${ROUNDS} round(s)`,
    );
    const names = {
      'in-process': 'in-process parseCloudTrail + Aggregator',
      'DuckDB before': 'DuckDB, --before build',
      DuckDB: 'DuckDB (@duckdb/node-api, aggregation in DB)',
      'DuckDB, 1 thread': 'DuckDB, threads: 1 (scaling with cores)',
    };
    const median = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const summary = (runs) => {
      const ok = runs.filter((r) => !r.failed);
      if (ok.length < runs.length) return { failed: runs.find((r) => r.failed).failed };
      const walls = ok.map((r) => r.ms / 1000);
      return {
        ...ok[0],
        ms: median(ok.map((r) => r.ms)),
        cpuS: median(ok.map((r) => r.cpuS)),
        rssMiB: Math.max(...ok.map((r) => r.rssMiB)),
        range: walls.length > 1 ? `${Math.min(...walls).toFixed(2)}-${Math.max(...walls).toFixed(2)}` : '',
      };
    };
    console.log(
      `${'path (median of rounds; peak RSS: the largest)'.padEnd(44)} ${'wall'.padStart(9)} ${'range'.padStart(11)} ${'CPU'.padStart(9)} ${'peak RSS'.padStart(11)}`,
    );
    const rows = [...results].map(([name, runs]) => [name, summary(runs)]);
    for (const [name, r] of rows)
      console.log(
        r.failed
          ? `${names[name].padEnd(44)} failed: ${r.failed}`
          : `${names[name].padEnd(44)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${r.range.padStart(11)} ${r.cpuS.toFixed(1).padStart(7)} s ${Math.round(r.rssMiB).toString().padStart(7)} MiB   events ${r.total}, names ${r.names}, call pairs ${r.pairs}`,
      );
    const memoryRuns = results.get('in-process');
    for (const [name] of paths.slice(1)) {
      const runs = results.get(name);
      if ([...memoryRuns, ...runs].some((r) => r.failed)) continue;
      const ratios = runs.map((r, i) => memoryRuns[i].ms / r.ms);
      const r = summary(runs);
      console.log(
        `${name} vs in-process: ${times(median(ratios), 'faster', 'slower')} (median of the rounds' ratios${ratios.length > 1 ? `: ${ratios.map((x) => x.toFixed(2)).join(', ')}` : ''}), ${times(summary(memoryRuns).rssMiB / r.rssMiB, 'less peak RSS', 'more peak RSS')}`,
      );
    }
    const lib = await import(dist);
    const filter = lib.resolveFilter({
      accountIds: [ACCOUNTS[0]],
      startTime: '2026-01-15T00:00:00Z',
      endTime: '2026-01-15T23:59:59Z',
    });
    const bytes = await lib.estimateScanBytes(root, filter);
    const all = walk(root).reduce((sum, f) => sum + readFileSync(f).length, 0);
    console.log(
      `Athena, one account, one day (projection keeps ${filter.firstDay}..${filter.lastDay}): ~${(bytes / 2 ** 20).toFixed(1)} MiB scanned of ${(all / 2 ** 20).toFixed(1)} MiB in the bucket, ~$${((Math.max(bytes, 10 * 2 ** 20) / 1e12) * 5).toFixed(6)} per query`,
    );
    return { total: TOTAL, rows };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
