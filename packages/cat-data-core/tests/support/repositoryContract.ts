import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventTables } from '../../src/db/migrations.js';
import { loadImport } from '../../src/import/loadImport.js';
import { recordKinds, stagingColumns } from '../../src/import/recordKinds.js';
import { StagingTable } from '../../src/import/StagingTable.js';
import {
  type CatDataRepository,
  ConflictError,
  computeStatistics,
  generateShelterCsv,
  ImportMappingError,
  ImportRejectedError,
  importCsv,
  NotFoundError,
  sampleShelterMapping,
} from '../../src/index.js';
import { fixtureBytes, fixtureMapping } from './fixtures.js';
import { describeShelterStays } from './shelterStays.js';

const tables = [...eventTables, 'colonies', 'cats', 'imports', 'areas'];

async function count(repository: CatDataRepository, table: string): Promise<number> {
  const rows = await repository.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cat_data.${table}`);
  return rows[0]!.n;
}

/**
 * The repository contract: the same tests run against every storage engine. `open` returns a migrated repository
 * on an empty database; the suite empties it between tests.
 */
export function describeRepositoryContract(engine: string, open: () => Promise<CatDataRepository>): void {
  describe(`CatDataRepository on ${engine}`, () => {
    let repository: CatDataRepository;
    beforeAll(async () => {
      repository = await open();
    });
    afterAll(async () => {
      await repository?.close();
    });
    beforeEach(async () => {
      await repository.db.query(
        `TRUNCATE ${tables.map((t) => `cat_data.${t}`).join(', ')} RESTART IDENTITY CASCADE`,
      );
    });

    describe('schema', () => {
      it('applies each migration once', async () => {
        // Act
        const again = await repository.migrate();
        const versions = await repository.db.query<{ version: number }>(
          'SELECT version FROM cat_data.schema_migrations ORDER BY version',
        );
        // Assess
        expect(again).toEqual([]);
        expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
      });

      it('compares identifiers byte by byte, whatever the database collation', async () => {
        const collations = await repository.db.query<{ column: string; collation: string }>(
          `SELECT c.relname || '.' || a.attname AS column, co.collname AS collation
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation co ON co.oid = a.attcollation
           WHERE c.relnamespace = 'cat_data'::regnamespace AND c.relkind = 'r'
             AND a.attname IN ('external_id', 'natural_key') ORDER BY 1`,
        );
        expect(collations).toHaveLength(7);
        expect(new Set(collations.map((c) => c.collation))).toEqual(new Set(['C']));
      });
    });

    describe('cats', () => {
      it('creates, reads and pages through cats', async () => {
        // Prepare
        for (let i = 1; i <= 5; i++) {
          await repository.createCat({
            externalId: `C-${i}`,
            sex: i % 2 ? 'female' : 'male',
            status: i === 5 ? 'adopted' : 'in_care',
            area: { prefecture: '東京都', municipality: i <= 3 ? '港区' : '中央区' },
          });
        }
        // Act
        const first = await repository.listCats({ limit: 2 });
        const second = await repository.listCats({ limit: 2, cursor: first.nextCursor! });
        const third = await repository.listCats({ limit: 2, cursor: second.nextCursor! });
        const adopted = await repository.listCats({ status: 'adopted' });
        const minato = await repository.listCats({ municipality: '港区' });
        // Assess
        expect(first.items.map((c) => c.externalId)).toEqual(['C-1', 'C-2']);
        expect(second.items.map((c) => c.externalId)).toEqual(['C-3', 'C-4']);
        expect(third).toMatchObject({ items: [{ externalId: 'C-5' }], nextCursor: null });
        expect(adopted.items.map((c) => c.externalId)).toEqual(['C-5']);
        expect(minato.items).toHaveLength(3);
        const cat = await repository.getCat(first.items[0]!.id);
        expect(cat).toMatchObject({
          externalId: 'C-1',
          species: 'cat',
          sex: 'female',
          earTipped: false,
          area: { prefecture: '東京都', municipality: '港区', district: '' },
        });
      });

      it('refuses a second cat with the same external id, and reports a missing cat', async () => {
        await repository.createCat({ externalId: 'dup' });
        await expect(repository.createCat({ externalId: 'dup' })).rejects.toBeInstanceOf(ConflictError);
        await expect(repository.getCat(999)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('stores SQL-looking text verbatim', async () => {
        const name = "x'); DROP TABLE cat_data.cats; --";
        const cat = await repository.createCat({ externalId: "'; DELETE FROM cat_data.cats; --", name });
        expect(await repository.getCat(cat.id)).toMatchObject({
          name,
          externalId: "'; DELETE FROM cat_data.cats; --",
        });
        expect(await count(repository, 'cats')).toBe(1);
      });
    });

    describe('importCsv', () => {
      it('imports a Shift_JIS file with Japanese era dates and filters species', async () => {
        // Act
        const report = await importCsv(repository, {
          bytes: fixtureBytes('shelter-sjis.csv'),
          mapping: fixtureMapping('shelter-sjis.mapping.json') as never,
          fileName: 'shelter-sjis.csv',
        });
        // Assess
        expect(report).toMatchObject({
          encoding: 'shift_jis',
          rowsRead: 7,
          rowsFiltered: 1,
          rowsInvalid: 0,
          added: { cats: 6, intakes: 6, outcomes: 6 },
          recordsAdded: 18,
          recordsAlreadyPresent: 0,
          problems: [],
        });
        const dates = await repository.db.query<{
          external_id: string;
          intake: string;
          outcome: string;
          status: string;
        }>(
          `SELECT c.external_id, i.intake_date::text AS intake, o.outcome_date::text AS outcome, c.status
           FROM cat_data.cats c JOIN cat_data.intakes i ON i.cat_id = c.id JOIN cat_data.outcomes o ON o.cat_id = c.id
           ORDER BY c.external_id`,
        );
        expect(dates).toEqual([
          { external_id: 'H31-01', intake: '2019-04-30', outcome: '2019-05-07', status: 'adopted' },
          { external_id: 'R5-001', intake: '2023-04-01', outcome: '2023-05-10', status: 'adopted' },
          { external_id: 'R5-002', intake: '2023-04-03', outcome: '2023-04-20', status: 'transferred' },
          { external_id: 'R5-004', intake: '2023-06-01', outcome: '2023-06-02', status: 'deceased' },
          { external_id: 'R5-005', intake: '2024-01-15', outcome: '2024-03-31', status: 'deceased' },
          { external_id: 'R6-001', intake: '2024-04-01', outcome: '2024-04-09', status: 'returned' },
        ]);
        const imported = await repository.getImport(report.importId);
        expect(imported).toMatchObject({
          status: 'completed',
          fileName: 'shelter-sjis.csv',
          recordsAdded: 18,
        });
      });

      it('adds nothing when the same file is imported again', async () => {
        const options = {
          bytes: fixtureBytes('shelter-sjis.csv'),
          mapping: fixtureMapping('shelter-sjis.mapping.json') as never,
        };
        const first = await importCsv(repository, options);
        // Act
        const second = await importCsv(repository, options);
        // Assess
        expect(second).toMatchObject({ recordsAdded: 0, recordsAlreadyPresent: first.recordsAdded });
        expect(second.sha256).toBe(first.sha256);
        expect(await count(repository, 'intakes')).toBe(6);
        expect(await count(repository, 'imports')).toBe(2);
      });

      it('bulk-loads a large file with the same results, and restores every constraint and index', async () => {
        // Prepare: large enough for the bulk path (constraints and indexes dropped and restored inside the
        // transaction); the first cat's row appears twice, so its intake and outcome are duplicates within the file.
        const lines = generateShelterCsv({ rows: 6_000, seed: 3 }).trim().split('\n');
        const dataLines = lines.slice(1);
        const catLines = dataLines.filter((l) => l.split(',')[1] === 'Cat');
        const firstCat = catLines[0]!;
        const bytes = new TextEncoder().encode(`${[...lines, firstCat].join('\n')}\n`);
        const withOutcome = catLines.filter((l) => l.split(',')[6] !== '').length;
        // Act: the first import is merged 1,000 rows at a time, the second in one batch
        const first = await importCsv(repository, { bytes, mapping: sampleShelterMapping, batchRows: 1_000 });
        const again = await importCsv(repository, { bytes, mapping: sampleShelterMapping });
        // Assess
        expect(first.added).toEqual({
          cats: catLines.length,
          intakes: catLines.length,
          outcomes: withOutcome,
        });
        expect(first.recordsAlreadyPresent).toBe(firstCat.split(',')[6] === '' ? 1 : 2);
        expect(again.recordsAdded).toBe(0);
        expect(await count(repository, 'intakes')).toBe(catLines.length);
        const listed = await repository.db.query<{ external_id: string }>(
          'SELECT external_id FROM cat_data.cats ORDER BY id',
        );
        expect(listed.map((c) => c.external_id)).toEqual(catLines.map((l) => l.split(',')[0]));
        const constraints = await repository.db.query<{ conname: string }>(
          `SELECT conname FROM pg_constraint WHERE connamespace = 'cat_data'::regnamespace AND contype IN ('f', 'p', 'u')
             AND conrelid IN ('cat_data.cats'::regclass, 'cat_data.intakes'::regclass, 'cat_data.outcomes'::regclass)
           ORDER BY conname`,
        );
        expect(constraints.map((c) => c.conname)).toEqual([
          'cats_area_id_fkey',
          'cats_external_id_key',
          'cats_pkey',
          'intakes_area_id_fkey',
          'intakes_cat_id_fkey',
          'intakes_natural_key_key',
          'intakes_pkey',
          'outcomes_area_id_fkey',
          'outcomes_cat_id_fkey',
          'outcomes_natural_key_key',
          'outcomes_pkey',
        ]);
        const indexes = await repository.db.query<{ indexname: string }>(
          "SELECT indexname FROM pg_indexes WHERE schemaname = 'cat_data' AND indexname LIKE '%\\_idx' ORDER BY indexname",
        );
        expect(indexes.map((i) => i.indexname)).toEqual([
          'intakes_cat_idx',
          'intakes_date_idx',
          'outcomes_cat_idx',
          'outcomes_date_idx',
        ]);
        await expect(
          repository.db.query(
            `INSERT INTO cat_data.intakes (natural_key, cat_id, intake_date, intake_type) VALUES ('x', 999999, '2024-01-01', 'stray')`,
          ),
        ).rejects.toThrow(/foreign key/);
        await expect(repository.createCat({ externalId: firstCat.split(',')[0]! })).rejects.toThrow(
          ConflictError,
        );
      });

      it('rejects a large file whose last row is invalid, after merging its first batches, and writes nothing', async () => {
        const lines = generateShelterCsv({ rows: 6_000, seed: 4 }).trim().split('\n');
        const bytes = new TextEncoder().encode(
          `${[...lines, 'Z-1,Cat,,,1999-13-01,stray,,,,,'].join('\n')}\n`,
        );
        const error = await importCsv(repository, {
          bytes,
          mapping: sampleShelterMapping,
          batchRows: 1_000,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportRejectedError);
        expect((error as ImportRejectedError).problems).toEqual([
          expect.objectContaining({ line: lines.length + 1 }),
        ]);
        for (const table of tables) expect(await count(repository, table)).toBe(0);
      });

      it('rejects the whole file when a row is invalid, and writes nothing', async () => {
        // Act
        const attempt = importCsv(repository, {
          bytes: fixtureBytes('shelter-edge-cases.csv'),
          mapping: fixtureMapping('shelter-edge-cases.mapping.json') as never,
        });
        // Assess
        const error = await attempt.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportRejectedError);
        expect((error as ImportRejectedError).problems).toEqual([
          { line: 5, field: 'intakeDate', value: '02/30/2023', reason: '2023-02-30 is not a calendar date' },
          {
            line: 6,
            field: 'intakeType',
            value: 'Alien Abduction',
            reason: expect.stringContaining('unknown value; map it under values.intakeType'),
          },
          { line: 7, field: 'outcomeDate', reason: 'outcomeDate 2023-10-01 is before intakeDate 2023-10-06' },
          { line: 9, field: 'externalId', value: '', reason: 'required value is empty' },
        ]);
        for (const table of tables) expect(await count(repository, table)).toBe(0);
      });

      it('imports the valid rows with skipInvalid, stores hostile strings verbatim, and reports the rest', async () => {
        // Act
        const report = await importCsv(repository, {
          bytes: fixtureBytes('shelter-edge-cases.csv'),
          mapping: fixtureMapping('shelter-edge-cases.mapping.json') as never,
          skipInvalid: true,
        });
        // Assess
        expect(report).toMatchObject({
          encoding: 'utf-8',
          rowsRead: 10,
          rowsFiltered: 1,
          rowsInvalid: 4,
          added: { cats: 4, intakes: 4, outcomes: 3 },
          recordsAlreadyPresent: 2,
        });
        expect(report.problems.map((p) => p.line)).toEqual([5, 6, 7, 9]);
        const cats = await repository.listCats();
        expect(cats.items.map((c) => [c.externalId, c.name, c.colour, c.sex])).toEqual([
          ['AAC-A001', "Robert'); DROP TABLE cat_data.cats;--", 'Brown Tabby', 'male'],
          ['AAC-A002', 'Tama, "the boss"', 'Calico', 'female_altered'],
          ['AAC-A007', 'Hachi', 'Black\nWhite', 'male_altered'],
          ['AAC-A008', "'; SELECT pg_sleep(10); --", 'Orange', 'female_altered'],
        ]);
        expect(cats.items[0]!.area).toEqual({ prefecture: 'Texas', municipality: 'Austin', district: '' });
        const stored = await repository.getImport(report.importId);
        expect(stored.problems).toEqual(report.problems);
        expect(stored.rowsInvalid).toBe(4);
      });

      it('names the missing column when the mapping does not fit the file', async () => {
        // Prepare
        const mapping = fixtureMapping('shelter-edge-cases.mapping.json') as {
          columns: Record<string, string>;
        };
        // Act
        const error = await importCsv(repository, {
          bytes: fixtureBytes('shelter-edge-cases.csv'),
          mapping: { ...mapping, columns: { ...mapping.columns, intakeDate: 'Intake Date' } } as never,
        }).catch((e: unknown) => e);
        // Assess
        expect(error).toBeInstanceOf(ImportMappingError);
        expect((error as Error).message).toMatch(/no column "Intake Date" \(mapped to intakeDate\)/);
        expect(await count(repository, 'imports')).toBe(0);
      });

      it('rolls back everything when a statement fails midway through the load', async () => {
        // Prepare: a staged row the database refuses (an intake type outside the CHECK list) after the cats
        // insert has already run inside the transaction.
        const kind = recordKinds.shelter;
        const columns = stagingColumns(kind);
        const row = columns.map(
          (c): string | null =>
            ({
              line: '2',
              external_id: 'X-1',
              intake_key: 'X-1|2024-01-01|bogus',
              intake_date: '2024-01-01',
              intake_type: 'bogus',
              prefecture: '東京都',
              municipality: '港区',
            })[c] ?? null,
        );
        // Act
        const stage = new StagingTable(kind, columns);
        stage.add(row);
        async function* batches() {
          yield stage.takeBatch();
        }
        const attempt = loadImport(repository.db, {
          kind: 'shelter',
          recordKind: kind,
          stage,
          batches: batches(),
          expectedRows: 1,
          summary: () => ({
            rowsRead: 1,
            rowsStored: 1,
            rowsDuplicate: 0,
            rowsFiltered: 0,
            rowsInvalid: 0,
            problems: [],
            duplicates: [],
          }),
          fileName: 'broken.csv',
          sha256: '0',
        });
        // Assess
        await expect(attempt).rejects.toThrow(/intakes_intake_type_check|check constraint/);
        for (const table of tables) expect(await count(repository, table)).toBe(0);
      });

      it('loads the same rows with row-by-row INSERT as with COPY', async () => {
        const options = {
          bytes: fixtureBytes('shelter-sjis.csv'),
          mapping: fixtureMapping('shelter-sjis.mapping.json') as never,
          loadMethod: 'insert' as const,
        };
        const report = await importCsv(repository, options);
        expect(report.added).toEqual({ cats: 6, intakes: 6, outcomes: 6 });
      });

      it('imports the Ministry of the Environment national table (real data) as published figures', async () => {
        // Act: only FY2022 and FY2023 give the cat figure; the other years are reported, not imported.
        const cats = await importCsv(repository, {
          bytes: fixtureBytes('japan-moe-national-euthanasia.csv'),
          mapping: fixtureMapping('moe-cats.mapping.json') as never,
          skipInvalid: true,
        });
        const totals = await importCsv(repository, {
          bytes: fixtureBytes('japan-moe-national-euthanasia.csv'),
          mapping: fixtureMapping('moe-total.mapping.json') as never,
        });
        // Assess
        expect(cats).toMatchObject({ rowsRead: 11, rowsInvalid: 9, recordsAdded: 2 });
        expect(cats.problems[0]).toEqual({ line: 2, field: 'row', reason: 'no figure in this row' });
        expect(totals).toMatchObject({ rowsRead: 11, rowsInvalid: 0, recordsAdded: 11 });
        const table = await computeStatistics(repository.db, 'ministry');
        expect(table.map((r) => [r.fiscalYear, r.published?.euthanised])).toEqual([
          [2022, 9472],
          [2023, 6899],
        ]);
      });
    });

    describeShelterStays(() => repository);

    describe('statistics', () => {
      beforeEach(async () => {
        await importCsv(repository, {
          bytes: fixtureBytes('shelter-sjis.csv'),
          mapping: fixtureMapping('shelter-sjis.mapping.json') as never,
        });
      });

      it('builds the Ministry table by fiscal year (April to March)', async () => {
        const table = await computeStatistics(repository.db, 'ministry');
        const zero = { injured: 0, returned: 0, transferred: 0, euthanised: 0, published: null };
        expect(table).toEqual([
          { ...zero, fiscalYear: 2019, intake: 1, intakeFromOwner: 1, intakeOwnerUnknown: 0, transferred: 1 },
          {
            ...zero,
            fiscalYear: 2023,
            intake: 3,
            intakeFromOwner: 1,
            intakeOwnerUnknown: 2,
            injured: 1,
            transferred: 2,
            euthanised: 2,
          },
          { ...zero, fiscalYear: 2024, intake: 1, intakeFromOwner: 0, intakeOwnerUnknown: 1, returned: 1 },
        ]);
      });

      it('computes the live release rate and the length of stay', async () => {
        const summary = await computeStatistics(repository.db, 'summary');
        expect(summary).toMatchObject({
          intakes: 6,
          outcomes: 6,
          intakesByType: { stray: 3, owner_surrender: 2, injured: 1 },
          outcomesByType: { adoption: 2, transfer_out: 1, return_to_owner: 1, died: 1, euthanasia: 1 },
          intakesBySacGroup: { 'Stray/At Large': 4, 'Relinquished By Owner': 2 },
          intakesBySpecies: { cat: 6 },
          lengthOfStay: { stays: 6, medianDays: 12.5, p90Days: 57.5 },
        });
        expect(summary.liveReleaseRate).toBeCloseTo(4 / 6, 10);
      });

      it('filters by period and area, and counts monthly', async () => {
        const fy2023 = await computeStatistics(repository.db, 'summary', {
          from: '2023-04-01',
          to: '2024-03-31',
        });
        const elsewhere = await computeStatistics(repository.db, 'summary', { municipality: '港区' });
        const monthly = await computeStatistics(repository.db, 'monthly', {
          from: '2023-04-01',
          to: '2023-06-30',
        });
        expect(fy2023).toMatchObject({ intakes: 4, outcomes: 4 });
        expect(elsewhere).toMatchObject({ intakes: 0, outcomes: 0, liveReleaseRate: null });
        expect(monthly).toEqual([
          { month: '2023-04', intakes: 2, outcomes: 1, liveOutcomes: 1 },
          { month: '2023-05', intakes: 0, outcomes: 1, liveOutcomes: 1 },
          { month: '2023-06', intakes: 1, outcomes: 1, liveOutcomes: 0 },
        ]);
      });

      it('computes TNR coverage per area from sightings and ear-tipped releases', async () => {
        // Prepare
        const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
        // One row per batch: sightings and TNR count their colonies in SQL, so they are merged as one batch;
        // consultations are merged a row at a time.
        const sightings = await importCsv(repository, {
          bytes: csv([
            'colony,date,count',
            '北公園,2024-05-01,6',
            '北公園,2024-06-01,8',
            '駅裏,2024-05-03,4',
          ]),
          mapping: {
            version: 1,
            kind: 'sightings',
            columns: { colony: 'colony', date: 'date', count: 'count' },
            constants: { prefecture: '東京都', municipality: '八王子市' },
          },
          batchRows: 1,
        });
        expect(sightings).toMatchObject({
          added: { colonies: 2, sightings: 3 },
          recordsAdded: 5,
          recordsAlreadyPresent: 0,
        });
        await importCsv(repository, {
          bytes: csv([
            'id,colony,trapped,released,tipped',
            'T1,北公園,2024-06-02,2024-06-04,済',
            'T2,北公園,2024-06-02,2024-06-04,済',
            'T3,駅裏,2024-06-03,2024-06-05,済',
            'T4,駅裏,2024-06-03,,未',
          ]),
          mapping: {
            version: 1,
            kind: 'tnr',
            columns: {
              recordId: 'id',
              colony: 'colony',
              trappedOn: 'trapped',
              releasedOn: 'released',
              earTipped: 'tipped',
            },
            constants: { prefecture: '東京都', municipality: '八王子市' },
          },
          batchRows: 1,
        });
        const consultations = await importCsv(repository, {
          bytes: csv(['date,category', '2024-06-10,nuisance', '2024-06-11,feeding', '2024-06-11,feeding']),
          mapping: {
            version: 1,
            kind: 'consultations',
            columns: { date: 'date', category: 'category' },
            constants: { prefecture: '東京都', municipality: '八王子市' },
          },
          batchRows: 1,
        });
        expect(consultations).toMatchObject({
          added: { consultations: 2 },
          recordsAlreadyPresent: 1,
        });
        // Act
        const areas = await computeStatistics(repository.db, 'areas');
        // Assess: population 8 + 4 = 12, ear-tipped releases 3
        expect(areas).toEqual([
          {
            prefecture: '東京都',
            municipality: '八王子市',
            district: '',
            intakes: 6,
            outcomes: 6,
            liveReleaseRate: 4 / 6,
            earTippedReleases: 3,
            estimatedCommunityCats: 12,
            tnrCoverage: 3 / 12,
            consultations: 2,
          },
        ]);
      });
    });
  });
}
