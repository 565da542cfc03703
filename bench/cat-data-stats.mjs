// Statistics latency of @mv/cat-data-core on PostgreSQL with 1M shelter rows (about 2.7M records).
// Prints figures; never pass/fail. Usage: node bench/cat-data-stats.mjs [rows] (default 1000000)
// Uses DATABASE_URL when set, otherwise starts a throw-away PostgreSQL cluster (@mv/testing).
// Needs the built package: pnpm --filter @mv/cat-data-core build
import { startPostgres } from '@mv/testing';
import {
  CatDataRepository,
  computeStatistics,
  generateShelterCsv,
  importCsv,
  sampleShelterMapping,
} from '../packages/cat-data-core/dist/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const cluster = process.env.DATABASE_URL ? undefined : await startPostgres();
const repository = await CatDataRepository.openPostgres({
  connectionString: process.env.DATABASE_URL ?? cluster.connectionString,
});
const seconds = (start) => (performance.now() - start) / 1000;

try {
  let start = performance.now();
  // Four files of 250k rows with distinct ids: the way a municipality loads several years of exports.
  const files = Math.max(1, Math.ceil(rows / 250_000));
  let records = 0;
  for (let f = 0; f < files; f++) {
    const csv = generateShelterCsv({
      rows: Math.min(250_000, rows - f * 250_000),
      seed: f + 1,
      start: '2020-04-01',
      days: 5 * 365,
    });
    const fileStart = performance.now();
    const report = await importCsv(repository, {
      bytes: new TextEncoder().encode(csv),
      mapping: { ...sampleShelterMapping, idPrefix: `F${f}-` },
    });
    console.log(
      `file ${f + 1}: ${report.rowsRead.toLocaleString('en-US')} rows into ${records.toLocaleString('en-US')} stored records in ${seconds(fileStart).toFixed(1)} s`,
    );
    records += report.recordsAdded;
  }
  await repository.db.query('ANALYZE');
  console.log(
    `loaded ${rows.toLocaleString('en-US')} rows (${records.toLocaleString('en-US')} records) in ${seconds(start).toFixed(1)} s`,
  );
  const filters = [
    ['all data', {}],
    ['one fiscal year', { from: '2023-04-01', to: '2024-03-31' }],
    ['one municipality', { municipality: '杉並区' }],
  ];
  for (const report of ['summary', 'areas', 'monthly', 'ministry']) {
    for (const [label, filter] of filters) {
      const times = [];
      for (let i = 0; i < 3; i++) {
        start = performance.now();
        await computeStatistics(repository.db, report, filter);
        times.push(seconds(start) * 1000);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${report.padEnd(9)} ${label.padEnd(17)} median ${times[1].toFixed(0).padStart(6)} ms  (min ${times[0].toFixed(0)}, max ${times[2].toFixed(0)})`,
      );
    }
  }
} finally {
  await repository.close();
  await cluster?.stop();
}
