// The cat-data demo: load records into the embedded database and print the statistics a municipality publishes.
// Run: pnpm --filter @mv/example-cat-data-demo demo   (or: node demo.mjs [--check])
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CatDataRepository, computeStatistics, formatStatistics, importCsv } from '@mv/cat-data-core';

const check = process.argv.includes('--check');
const data = (name) => readFile(new URL(`./data/${name}`, import.meta.url));
const started = performance.now();

// In memory: nothing to install, nothing left behind. Pass { dataDir } to keep the database between runs.
const repository = await CatDataRepository.openPglite();
try {
  const records = await importCsv(repository, {
    bytes: await data('shelter-records.sample.csv'),
    mapping: JSON.parse(await data('shelter-records.mapping.json')),
    fileName: 'shelter-records.sample.csv',
  });
  console.log(
    `Imported ${records.fileName}: ${records.rowsRead} rows, ${records.rowsFiltered} non-cats filtered out, ` +
      `${records.recordsAdded} records (${Object.entries(records.added)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}).`,
  );
  // Real public statistics: the Ministry of the Environment's national euthanasia totals. Only FY2022 and FY2023
  // give the cat figure, so the other years are reported as invalid rows and skipped.
  const national = await importCsv(repository, {
    bytes: await data('japan-moe-national-euthanasia.csv'),
    mapping: JSON.parse(await data('japan-moe-national-euthanasia.mapping.json')),
    fileName: 'japan-moe-national-euthanasia.csv',
    skipInvalid: true,
  });
  console.log(
    `Imported ${national.fileName}: ${national.recordsAdded} fiscal years with a cat figure ` +
      `(${national.rowsInvalid} years give only the dog+cat total).\n`,
  );

  const summary = await computeStatistics(repository.db, 'summary');
  const ministry = await computeStatistics(repository.db, 'ministry');
  const areas = await computeStatistics(repository.db, 'areas');
  console.log('== Summary (SYNTHETIC sample records) ==');
  console.log(formatStatistics('summary', summary));
  console.log(
    '\n== 犬・猫の引取り及び負傷動物の収容状況 (cats), by fiscal year — local records vs. published national 殺処分数 ==',
  );
  console.log(formatStatistics('ministry', ministry));
  console.log('\n== By area ==');
  console.log(formatStatistics('areas', areas));
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

  if (check) {
    assert.equal(records.rowsRead, 2000);
    assert.equal(records.rowsInvalid, 0);
    assert.equal(records.added.cats, 2000 - records.rowsFiltered);
    assert.ok(summary.liveReleaseRate > 0.5 && summary.liveReleaseRate < 1, 'live release rate is plausible');
    assert.ok(summary.lengthOfStay.medianDays > 0);
    assert.deepEqual(
      ministry.filter((r) => r.published).map((r) => [r.fiscalYear, r.published.euthanised]),
      [
        [2022, 9472],
        [2023, 6899],
      ],
    );
    assert.equal(areas.length, 4);
    const again = await importCsv(repository, {
      bytes: await data('shelter-records.sample.csv'),
      mapping: JSON.parse(await data('shelter-records.mapping.json')),
    });
    assert.equal(again.recordsAdded, 0, 're-importing the same file adds nothing');
    console.log('check: ok');
  }
} finally {
  await repository.close();
}
