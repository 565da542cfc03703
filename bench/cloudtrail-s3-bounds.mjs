// S3LogFileSource bounds (issue 11 item 15): peak memory reading a gzip bomb, and LIST calls per window.
// Uses the built package (run `npx tsup` in packages/cloudtrail-insights first). Prints figures; never pass/fail.
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'packages',
  'cloudtrail-insights',
  'dist',
  'index.js',
);
const { S3LogFileSource } = await import(pathToFileURL(dist).href);

const bomb = gzipSync(Buffer.alloc(400 * 1024 * 1024, ' '), { level: 9 });
let lists = 0;
const client = {
  async send(command) {
    if (command.constructor.name === 'ListObjectsV2Command') {
      lists++;
      const region = command.input.Prefix;
      return { Contents: [{ Key: `${region}2024/07/30/1_CloudTrail_r_20240730T0000Z_b.json.gz` }] };
    }
    return { Body: Readable.from([bomb]) };
  },
};
const regions = ['eu-west-1', 'us-east-1', 'ap-northeast-1'];
const source = new S3LogFileSource({ bucket: 'b', accountIds: ['1'], regions, client });

const before = process.memoryUsage().rss;
let peak = before;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const started = performance.now();
const outcome = await source
  .read({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T01:00:00Z' })
  .then(
    () => 'read',
    (error) => error.name,
  );
clearInterval(timer);
console.log(
  `gzip bomb ${(bomb.length / 1024).toFixed(0)} KiB -> 400 MiB: ${outcome} after ${(performance.now() - started).toFixed(0)} ms, ` +
    `RSS ${(before / 2 ** 20).toFixed(0)} -> peak ${(peak / 2 ** 20).toFixed(0)} MiB (cap 64 MiB per file, 8 files at once)`,
);

lists = 0;
await source.listFiles({ startTime: '2024-01-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' });
console.log(
  `365-day window, ${regions.length} Regions: ${lists} LIST calls (one per day per Region before: ${366 * regions.length + regions.length})`,
);
lists = 0;
const far = await source
  .listFiles({ startTime: '1000-01-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' })
  .then(
    () => 'listed',
    (error) => `${error.name}: ${error.message.slice(0, 80)}…`,
  );
console.log(`startTime year 1000: ${far}; ${lists} LIST calls`);
