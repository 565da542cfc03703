// Import throughput of @mv/cat-data-core into PostgreSQL: COPY against row-by-row INSERT.
// Prints figures; never pass/fail. Usage: node bench/cat-data-import.mjs [rows] (default 200000)
// Uses DATABASE_URL when set, otherwise starts a throw-away PostgreSQL cluster (@mv/testing).
// Needs the built package: pnpm --filter @mv/cat-data-core build
import { startPostgres } from '@mv/testing';
import {
  CatDataRepository,
  generateShelterCsv,
  importCsv,
  PostgresDatabase,
  sampleShelterMapping,
} from '../packages/cat-data-core/dist/index.js';

const rows = Number(process.argv[2] ?? 200_000);
const insertRows = Math.min(rows, 20_000); // row-by-row INSERT is slow; measure it on a sample and report rows/s
const cluster = process.env.DATABASE_URL ? undefined : await startPostgres();
const baseUrl = process.env.DATABASE_URL ?? cluster.connectionString;
const admin = PostgresDatabase.connect({ connectionString: baseUrl });

async function freshDatabase(name) {
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
const seconds = (start) => (performance.now() - start) / 1000;
const rate = (n, s) => `${Math.round(n / s).toLocaleString('en-US')} rows/s`;

try {
  console.log(
    `cat-data import benchmark: PostgreSQL ${(await admin.query('SHOW server_version'))[0].server_version}, ${rows.toLocaleString('en-US')} rows (${insertRows.toLocaleString('en-US')} for row-by-row INSERT)`,
  );
  const csv = new TextEncoder().encode(generateShelterCsv({ rows, seed: 1 }));
  const sample = new TextEncoder().encode(generateShelterCsv({ rows: insertRows, seed: 1 }));

  // 1. The load step alone: the same staging rows into an unindexed table, COPY vs one INSERT per row. In a function,
  // so its 200k row arrays are garbage before step 2 (they would otherwise slow the import's own allocation down).
  const { copyLoad, insertLoad } = await (async () => {
    const loadDb = PostgresDatabase.connect({ connectionString: await freshDatabase('bench_load') });
    const columns = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    await loadDb.query(`CREATE TABLE stage (${columns.map((c) => `${c} text`).join(', ')})`);
    const stagingRows = new TextDecoder()
      .decode(csv)
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    let start = performance.now();
    await loadDb.transaction((s) => s.copyRows('stage', columns, stagingRows));
    const copyLoad = seconds(start);
    await loadDb.query('TRUNCATE stage');
    const insertSql = `INSERT INTO stage (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    start = performance.now();
    await loadDb.transaction(async (s) => {
      for (const row of stagingRows.slice(0, insertRows)) await s.query(insertSql, row);
    });
    const insertLoad = seconds(start);
    await loadDb.close();
    return { copyLoad, insertLoad };
  })();
  const copyRate = rows / copyLoad;
  const insertRate = insertRows / insertLoad;
  console.log(
    `load only   COPY            ${rows.toLocaleString('en-US')} rows in ${copyLoad.toFixed(2)} s = ${rate(rows, copyLoad)}`,
  );
  console.log(
    `load only   row-by-row      ${insertRows.toLocaleString('en-US')} rows in ${insertLoad.toFixed(2)} s = ${rate(insertRows, insertLoad)}`,
  );
  console.log(`load only   COPY / INSERT   ${(copyRate / insertRate).toFixed(1)}x`);

  await admin.query('CHECKPOINT'); // each measurement starts without the previous one's dirty buffers
  // 2. The whole importCsv: decode, parse, map and validate, stage, merge into cats/intakes/outcomes on natural keys.
  const copyRepo = await CatDataRepository.openPostgres({
    connectionString: await freshDatabase('bench_copy'),
  });
  let start = performance.now();
  const copyReport = await importCsv(copyRepo, {
    bytes: csv,
    mapping: sampleShelterMapping,
    loadMethod: 'copy',
  });
  const copyImport = seconds(start);
  start = performance.now();
  const again = await importCsv(copyRepo, { bytes: csv, mapping: sampleShelterMapping });
  const reimport = seconds(start);
  await copyRepo.close();
  const insertRepo = await CatDataRepository.openPostgres({
    connectionString: await freshDatabase('bench_insert'),
  });
  start = performance.now();
  await importCsv(insertRepo, { bytes: sample, mapping: sampleShelterMapping, loadMethod: 'insert' });
  const insertImport = seconds(start);
  await insertRepo.close();
  console.log(
    `importCsv   COPY            ${rows.toLocaleString('en-US')} rows in ${copyImport.toFixed(2)} s = ${rate(rows, copyImport)} (${copyReport.recordsAdded.toLocaleString('en-US')} records)`,
  );
  console.log(
    `importCsv   row-by-row      ${insertRows.toLocaleString('en-US')} rows in ${insertImport.toFixed(2)} s = ${rate(insertRows, insertImport)}`,
  );
  console.log(`importCsv   COPY / INSERT   ${(rows / copyImport / (insertRows / insertImport)).toFixed(1)}x`);
  console.log(
    `re-import   same file       ${reimport.toFixed(2)} s, ${again.recordsAdded} records added, ${again.recordsAlreadyPresent.toLocaleString('en-US')} already present`,
  );
} finally {
  await admin.close();
  await cluster?.stop();
}
