import { migrate } from './db/migrate.js';
import type { PgliteDatabaseOptions } from './db/PgliteDatabase.js';
import { PostgresDatabase, type PostgresDatabaseOptions } from './db/PostgresDatabase.js';
import type { SqlDatabase, SqlSession } from './db/SqlDatabase.js';
import { type Cat, NewCat } from './domain/records.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { RowDuplicate, RowProblem } from './import/ImportReport.js';
import type { BulkLoadStep, RecordKind } from './import/recordKinds.js';
import type { AreaTriple, StagingBatch, StagingTable } from './import/StagingTable.js';

/** Imports of at least this many rows may be bulk loads (see `#bulkLoadSteps`). */
const bulkLoadMinimumRows = 5_000;
/** ... and bring at least one row per this many records stored in the tables they write. */
const bulkLoadMaximumRecordsPerRow = 8;

/** How {@link CatDataRepository.openPglite} and {@link CatDataRepository.openPostgres} open a database. */
export interface OpenOptions {
  /** Apply pending migrations on open (default `true`). */
  migrate?: boolean;
}

/** Filters and page of {@link CatDataRepository.listCats}. */
export interface ListCatsQuery {
  /** 1–500, default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: number;
  status?: Cat['status'];
  municipality?: string;
}

/** Where the raw CSV of an import is kept. */
export interface RawObjectLink {
  bucket: string;
  key: string;
  versionId?: string | null;
}

/** What {@link CatDataRepository.loadImport} writes, in one transaction. @internal */
export interface ImportLoad {
  kind: string;
  recordKind: RecordKind;
  /** The staging table the rows are mapped into (its layout, and its counts once every batch is taken). */
  stage: StagingTable;
  /** Its rows, a batch at a time; the next batch is mapped while the previous one is merged. */
  batches: AsyncIterable<StagingBatch>;
  /** At least the number of rows to come (bulk load or not is decided before the first batch). */
  expectedRows: number;
  /** The file's counts and problems, once every batch is taken. */
  summary: () => ImportSummary;
  fileName: string;
  sha256: string;
  createdBy?: string | null;
  rawObject?: RawObjectLink | null;
  /** `copy` (default) bulk-loads the staging table; `insert` sends one INSERT per row (for comparison only). */
  loadMethod?: 'copy' | 'insert';
}

/** What an import read of its file: `rowsRead = rowsStored + rowsDuplicate + rowsFiltered + rowsInvalid`. @internal */
export interface ImportSummary {
  rowsRead: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsFiltered: number;
  rowsInvalid: number;
  problems: RowProblem[];
  duplicates: RowDuplicate[];
}

/** A stored import, as listed by {@link CatDataRepository.getImport}. */
export interface ImportRecord {
  id: number;
  kind: string;
  fileName: string;
  /** `pending` (awaiting its upload), `queued`, `running`, `completed` or `failed` (see `error`). */
  status: 'pending' | 'queued' | 'running' | 'completed' | 'failed';
  /** When the import function last started it (null before). */
  startedAt: string | null;
  /** Runs started so far (a crashed run is retried). */
  attempts: number;
  /** Why it failed (`status: 'failed'`): the error code and message, and the rows for a rejected file. */
  error: { code: string; message: string; details?: unknown } | null;
  sha256: string | null;
  rawObject: RawObjectLink | null;
  rowsRead: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsFiltered: number;
  rowsInvalid: number;
  recordsAdded: number;
  recordsAlreadyPresent: number;
  problems: RowProblem[];
  duplicates: RowDuplicate[];
  /** The mapping an API upload will be imported with (null for CLI and library imports). */
  mapping: unknown;
  createdBy: string | null;
  createdAt: string;
}

const catColumns = `c.id, c.external_id, c.name, c.species, c.sex, c.estimated_birth::text AS estimated_birth, c.colour, c.pattern,
  c.ear_tipped, c.microchip, c.status, c.created_at::text AS created_at,
  a.prefecture, a.municipality, a.district`;

function toCat(r: Record<string, unknown>): Cat {
  return {
    id: r.id as number,
    externalId: r.external_id as string,
    name: (r.name as string | null) ?? null,
    species: r.species as Cat['species'],
    sex: r.sex as Cat['sex'],
    estimatedBirth: (r.estimated_birth as string | null) ?? null,
    colour: (r.colour as string | null) ?? null,
    pattern: (r.pattern as string | null) ?? null,
    earTipped: r.ear_tipped as boolean,
    microchip: (r.microchip as string | null) ?? null,
    status: r.status as Cat['status'],
    area: r.prefecture
      ? {
          prefecture: r.prefecture as string,
          municipality: r.municipality as string,
          district: r.district as string,
        }
      : null,
    createdAt: r.created_at as string,
  };
}

function toImport(r: Record<string, unknown>): ImportRecord {
  return {
    id: r.id as number,
    kind: r.kind as string,
    fileName: r.file_name as string,
    status: r.status as ImportRecord['status'],
    sha256: (r.sha256 as string | null) ?? null,
    rawObject: r.s3_key
      ? {
          bucket: r.s3_bucket as string,
          key: r.s3_key as string,
          versionId: (r.s3_version_id as string | null) ?? null,
        }
      : null,
    rowsRead: r.rows_read as number,
    rowsStored: r.rows_stored as number,
    rowsDuplicate: r.rows_duplicate as number,
    rowsFiltered: r.rows_filtered as number,
    rowsInvalid: r.rows_invalid as number,
    recordsAdded: r.records_added as number,
    recordsAlreadyPresent: r.records_already_present as number,
    problems: (typeof r.problems === 'string' ? JSON.parse(r.problems) : r.problems) as RowProblem[],
    duplicates: (typeof r.duplicates === 'string'
      ? JSON.parse(r.duplicates)
      : (r.duplicates ?? [])) as RowDuplicate[],
    mapping: typeof r.mapping === 'string' ? JSON.parse(r.mapping) : (r.mapping ?? null),
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: r.created_at as string,
    startedAt: (r.started_at as string | null) ?? null,
    attempts: (r.attempts as number | undefined) ?? 0,
    error: typeof r.error === 'string' ? JSON.parse(r.error) : ((r.error as ImportRecord['error']) ?? null),
  };
}

/**
 * The ids of these areas, adding those not stored yet. Areas are reference data shared by every import and API
 * call, so two transactions may add the same one at once: `ON CONFLICT DO NOTHING` waits for the other, and an area
 * it committed meanwhile, invisible to the first statement's snapshot, is read by a second statement.
 */
async function resolveAreas(s: SqlSession, areas: readonly AreaTriple[]): Promise<number[]> {
  const columns = [0, 1, 2].map((i) => areas.map((area) => area[i]));
  const keyOf = (p: string, m: string, d: string) => `${p}\u001f${m}\u001f${d}`;
  const ids = new Map<string, number>();
  const select = `SELECT a.id, a.prefecture, a.municipality, a.district FROM cat_data.areas a
    JOIN unnest($1::text[], $2::text[], $3::text[]) AS v (prefecture, municipality, district)
    USING (prefecture, municipality, district)`;
  type AreaRow = { id: number; prefecture: string; municipality: string; district: string };
  const remember = (rows: AreaRow[]) => {
    for (const r of rows) ids.set(keyOf(r.prefecture, r.municipality, r.district), r.id);
  };
  remember(
    await s.query<AreaRow>(
      `WITH ins AS (INSERT INTO cat_data.areas (prefecture, municipality, district)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING
                    RETURNING id, prefecture, municipality, district)
       SELECT * FROM ins UNION ALL ${select}`,
      columns,
    ),
  );
  if (ids.size < areas.length) remember(await s.query<AreaRow>(select, columns));
  return areas.map(([p, m, d]) => {
    const id = ids.get(keyOf(p, m, d));
    if (id === undefined) throw new Error(`area ${p} ${m} ${d} was neither added nor found`);
    return id;
  });
}

/**
 * The one storage interface of the cat-data system. The same class runs on PGlite (embedded, the default) and on
 * PostgreSQL/RDS; only the {@link SqlDatabase} underneath differs, and the same test suite runs on both.
 *
 * @example
 * const repository = await CatDataRepository.openPglite();             // in memory
 * const rds = await CatDataRepository.openPostgres({ connectionString: process.env.DATABASE_URL });
 * const cat = await repository.createCat({ externalId: 'A-1', sex: 'female' });
 */
export class CatDataRepository {
  /** The database underneath; analytics run their read-only SQL on it. */
  readonly db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.db = db;
  }

  /**
   * Opens an embedded PGlite database (in memory unless `dataDir` is given) and migrates it (unless `migrate: false`:
   * then call {@link migrate} yourself, e.g. to report what it applied).
   */
  static async openPglite(options: PgliteDatabaseOptions & OpenOptions = {}): Promise<CatDataRepository> {
    // Loaded on demand: a Lambda bundle that only talks to RDS never evaluates PGlite's WebAssembly loader.
    const { PgliteDatabase } = await import('./db/PgliteDatabase.js');
    const { migrate: migrateOnOpen = true, ...database } = options;
    const repository = new CatDataRepository(await PgliteDatabase.open(database));
    // A failed migration must not keep the directory locked.
    if (migrateOnOpen)
      await repository.migrate().catch(async (error: unknown) => {
        await repository.close();
        throw error;
      });
    return repository;
  }

  /** Connects to PostgreSQL (RDS: SSL, optional IAM token) and migrates the schema (unless `migrate: false`). */
  static async openPostgres(options: PostgresDatabaseOptions & OpenOptions): Promise<CatDataRepository> {
    const { migrate: migrateOnOpen = true, ...database } = options;
    const repository = new CatDataRepository(PostgresDatabase.connect(database));
    if (migrateOnOpen) await repository.migrate();
    return repository;
  }

  /** Applies pending schema migrations; returns the versions applied. */
  migrate(): Promise<number[]> {
    return migrate(this.db);
  }

  /**
   * Registers one cat.
   * @throws {ConflictError} when a cat with the same `externalId` exists
   */
  async createCat(input: NewCat): Promise<Cat> {
    const cat = NewCat.parse(input);
    const id = await this.db.transaction(async (s) => {
      const areaId = cat.area
        ? (await resolveAreas(s, [[cat.area.prefecture, cat.area.municipality, cat.area.district]]))[0]!
        : null;
      const rows = await s.query<{ id: number }>(
        `INSERT INTO cat_data.cats (external_id, name, sex, estimated_birth, colour, pattern, ear_tipped, microchip,
                                    status, area_id, species)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (external_id) DO NOTHING RETURNING id`,
        [
          cat.externalId,
          cat.name ?? null,
          cat.sex,
          cat.estimatedBirth ?? null,
          cat.colour ?? null,
          cat.pattern ?? null,
          cat.earTipped,
          cat.microchip ?? null,
          cat.status,
          areaId,
          cat.species,
        ],
      );
      if (rows.length === 0)
        throw new ConflictError(`A cat with external id "${cat.externalId}" already exists.`);
      return rows[0]!.id;
    });
    return this.getCat(id);
  }

  /** @throws {NotFoundError} */
  async getCat(id: number): Promise<Cat> {
    const rows = await this.db.query(
      `SELECT ${catColumns} FROM cat_data.cats c LEFT JOIN cat_data.areas a ON a.id = c.area_id WHERE c.id = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError(`No cat with id ${id}.`);
    return toCat(rows[0]);
  }

  /** Lists cats by id, a page at a time (keyset pagination: stable while records are added). */
  async listCats(query: ListCatsQuery = {}): Promise<{ items: Cat[]; nextCursor: number | null }> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const rows = await this.db.query(
      `SELECT ${catColumns} FROM cat_data.cats c LEFT JOIN cat_data.areas a ON a.id = c.area_id
       WHERE c.id > $1 AND ($2::text IS NULL OR c.status = $2) AND ($3::text IS NULL OR a.municipality = $3)
       ORDER BY c.id LIMIT $4`,
      [query.cursor ?? 0, query.status ?? null, query.municipality ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toCat);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }

  /** Records an import whose CSV is being uploaded (the API's presigned-upload step). */
  async createPendingImport(input: {
    kind: string;
    fileName: string;
    rawObject: RawObjectLink;
    mapping: unknown;
    createdBy?: string | null;
  }): Promise<ImportRecord> {
    const rows = await this.db.query<{ id: number }>(
      `INSERT INTO cat_data.imports (kind, file_name, s3_bucket, s3_key, status, created_by, mapping)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6::jsonb) RETURNING id`,
      [
        input.kind,
        input.fileName,
        input.rawObject.bucket,
        input.rawObject.key,
        input.createdBy ?? null,
        JSON.stringify(input.mapping),
      ],
    );
    return this.getImport(rows[0]!.id);
  }

  /** @throws {NotFoundError} */
  async getImport(id: number): Promise<ImportRecord> {
    const rows = await this.db.query(
      `SELECT *, problems::text AS problems, duplicates::text AS duplicates, mapping::text AS mapping,
         created_at::text AS created_at, started_at::text AS started_at, error::text AS error
       FROM cat_data.imports WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundError(`No import with id ${id}.`);
    return toImport(rows[0]);
  }

  /**
   * Writes a mapped import in ONE transaction: the import record, then per batch the staging table (COPY) and the
   * merge into the stored tables on natural keys, then the import's counts. If anything fails — the batches' source
   * included (a rejected file), or the process dies — nothing of it remains.
   * @internal
   */
  async loadImport(
    load: ImportLoad,
    pendingImportId?: number,
  ): Promise<{
    importId: number;
    added: Record<string, number>;
    recordsAdded: number;
    recordsAlreadyPresent: number;
  }> {
    return this.db.transaction(async (s) => {
      // The merge hashes whole batches: give this transaction enough memory not to spill to disk.
      await s.query("SET LOCAL work_mem = '64MB'");
      const importId = await this.#openImport(s, load, pendingImportId);
      // Bulk or not is decided, and the tables locked, before this import writes anything (areas included).
      const bulkSteps = await this.#bulkLoadSteps(s, load);
      const { stage } = load;
      await s.query('CREATE TEMP TABLE stage_area (area_no integer, area_id integer) ON COMMIT DROP');
      await s.query(`CREATE TEMP TABLE stage (${stage.definition}) ON COMMIT DROP`);
      for (const step of bulkSteps) await s.query(step.drop);
      // A step whose candidates the database counts would count a record seen in two batches twice: one batch.
      const batched = load.recordKind.merge.every((step) => step.label === null || step.candidates);
      const added: Record<string, number> = {};
      const sqlCandidates: Record<string, number> = {};
      let batches = 0;
      const loadBatch = async (batch: StagingBatch) => {
        if (batch.areas.length > 0) {
          const ids = await resolveAreas(s, batch.areas);
          await s.query('INSERT INTO stage_area SELECT * FROM unnest($1::int[], $2::int[])', [
            ids.map((_, i) => batch.firstAreaNo + i),
            ids,
          ]);
        }
        if (batches++ > 0) await s.query('TRUNCATE stage');
        if (load.loadMethod === 'insert') {
          const placeholders = stage.columns.map((_, i) => `$${i + 1}`).join(', ');
          const sql = `INSERT INTO stage (${stage.columns.join(', ')}) VALUES (${placeholders})`;
          for (const row of batch.rows ?? []) await s.query(sql, row);
        } else {
          await s.copyText('stage', stage.columns, batch.chunks);
        }
        if (batches === 1) {
          // A small sample is enough for the merge's plans (hash joins over the batch), and ten times cheaper.
          await s.query('SET LOCAL default_statistics_target = 10');
          await s.query('ANALYZE stage, stage_area');
        }
        for (const step of load.recordKind.merge) {
          const rows = await s.query<{ candidates?: number; added: number }>(
            step.sql,
            step.sql.includes('$1') ? [importId] : [],
          );
          if (step.label === null || !rows[0]) continue;
          added[step.label] = (added[step.label] ?? 0) + rows[0].added;
          sqlCandidates[step.label] = (sqlCandidates[step.label] ?? 0) + (rows[0].candidates ?? 0);
        }
      };
      // The database merges a batch while the next one is mapped (the two share the machine's cores).
      let merging: Promise<void> | undefined;
      try {
        if (batched) {
          for await (const batch of load.batches) {
            await merging;
            merging = loadBatch(batch);
            merging.catch(() => {}); // awaited below; until then a failure must not count as unhandled
          }
        } else {
          const all: StagingBatch[] = [];
          for await (const batch of load.batches) all.push(batch);
          if (all.length > 0) {
            merging = loadBatch({
              chunks: all.flatMap((b) => b.chunks),
              rows: all[0]!.rows && all.flatMap((b) => b.rows ?? []),
              rowCount: all.reduce((n, b) => n + b.rowCount, 0),
              firstAreaNo: all[0]!.firstAreaNo,
              areas: all.flatMap((b) => b.areas),
            });
          }
        }
      } finally {
        await merging?.catch(() => {});
      }
      await merging;

      let recordsAdded = 0;
      let recordsAlreadyPresent = 0;
      for (const step of load.recordKind.merge) {
        if (step.label === null) continue;
        const key = step.candidates ? stage.keys.indexOf(step.candidates.key) : -1;
        const candidates =
          key === -1
            ? (sqlCandidates[step.label] ?? 0)
            : step.candidates!.distinct
              ? stage.distinct[key]!
              : stage.present[key]!;
        const stepAdded = added[step.label] ?? 0;
        added[step.label] = stepAdded;
        recordsAdded += stepAdded;
        recordsAlreadyPresent += candidates - stepAdded;
      }
      // Rebuilding an index sorts the table once; re-adding a foreign key checks every row of the table in one join.
      // A violation fails the whole import. Memory enough for a million-row table not to sort or hash on disk.
      if (bulkSteps.length > 0) {
        await s.query("SET LOCAL maintenance_work_mem = '256MB'");
        await s.query("SET LOCAL work_mem = '256MB'");
      }
      for (const step of [...bulkSteps].reverse()) await s.query(step.restore);
      const summary = load.summary();
      await s.query(
        `UPDATE cat_data.imports SET status = 'completed', completed_at = now(), records_added = $2,
           records_already_present = $3, rows_read = $4, rows_filtered = $5, rows_invalid = $6, problems = $7::jsonb,
           rows_stored = $8, rows_duplicate = $9, duplicates = $10::jsonb
         WHERE id = $1`,
        [
          importId,
          recordsAdded,
          recordsAlreadyPresent,
          summary.rowsRead,
          summary.rowsFiltered,
          summary.rowsInvalid,
          JSON.stringify(summary.problems),
          summary.rowsStored,
          summary.rowsDuplicate,
          JSON.stringify(summary.duplicates),
        ],
      );
      return { importId, added, recordsAdded, recordsAlreadyPresent };
    });
  }

  /**
   * The constraints and indexes to drop and restore for this load, or none. A row-level foreign-key trigger costs
   * about as much as the insert it guards, and so does keeping each index up to date row by row; for a bulk load it
   * is cheaper to drop them inside the import's transaction and restore them after the merge: an index is rebuilt
   * with one sort, a foreign key re-checked with one anti-join over the table. That pays off only when the file is
   * large against the tables already stored (restoring reads them all), so small imports into a large database keep
   * the per-row work. Either way no transaction ever commits rows the constraints would refuse, and outside the
   * import's transaction they are always in place. Dropping them locks the tables until commit (readers wait for a
   * bulk load; concurrent writers cannot slip duplicates in), all at once in a fixed order so that a bulk load waits for
   * imports already writing them rather than deadlocking with them; an advisory lock makes concurrent bulk loads queue.
   */
  async #bulkLoadSteps(s: SqlSession, load: ImportLoad): Promise<readonly BulkLoadStep[]> {
    const steps = load.recordKind.bulkLoad ?? [];
    if (steps.length === 0 || load.expectedRows < bulkLoadMinimumRows) return [];
    const tables = [...new Set(steps.map((step) => step.table))];
    const stored = await s.query<{ rows: number }>(
      'SELECT coalesce(sum(greatest(reltuples, 0)), 0)::float8 AS rows FROM pg_class WHERE oid = ANY($1::text[]::regclass[])',
      [tables],
    );
    // Measured (bench/cat-data-stats.mjs, 250k-row files): a bulk load costs about 16 µs per row of the file plus
    // 3–4.5 µs per stored record (the restore), the row-by-row checks 50–60 µs per row: even at ~8 records per row.
    if (load.expectedRows * bulkLoadMaximumRecordsPerRow < Number(stored[0]?.rows ?? 0)) return [];
    await s.query('SELECT pg_advisory_xact_lock(7230024)');
    const locks = load.recordKind.bulkLoadLocks ?? [];
    if (locks.length > 0) await s.query(`LOCK TABLE ${locks.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    return steps;
  }

  async #openImport(s: SqlSession, load: ImportLoad, pendingImportId?: number): Promise<number> {
    // The counts and problems are written once the whole file is read.
    const values = [load.kind, load.fileName, load.sha256, 0, 0, 0, '[]', load.createdBy ?? null];
    if (pendingImportId !== undefined) {
      const rows = await s.query<{ id: number }>(
        `UPDATE cat_data.imports SET kind = $1, file_name = $2, sha256 = $3, rows_read = $4, rows_filtered = $5,
           rows_invalid = $6, problems = $7::jsonb, created_by = coalesce(created_by, $8)
         WHERE id = $9 AND status IN ('pending', 'queued', 'running') RETURNING id`,
        [...values, pendingImportId],
      );
      if (!rows[0]) throw new ConflictError(`Import ${pendingImportId} has already run.`);
      return rows[0].id;
    }
    const raw = load.rawObject;
    const rows = await s.query<{ id: number }>(
      `INSERT INTO cat_data.imports (kind, file_name, sha256, rows_read, rows_filtered, rows_invalid, problems,
         created_by, s3_bucket, s3_key, s3_version_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11) RETURNING id`,
      [...values, raw?.bucket ?? null, raw?.key ?? null, raw?.versionId ?? null],
    );
    return rows[0]!.id;
  }

  /**
   * Asks for an uploaded import to run: a `pending` or `failed` import becomes `queued` with these options.
   * @throws {ConflictError} when it is queued, running or completed
   */
  async queueImport(id: number, runOptions: { skipInvalid: boolean }): Promise<ImportRecord> {
    const rows = await this.db.query(
      `UPDATE cat_data.imports SET status = 'queued', run_options = $2::jsonb, error = NULL
       WHERE id = $1 AND status IN ('pending', 'failed') RETURNING id`,
      [id, JSON.stringify(runOptions)],
    );
    if (!rows[0]) {
      const current = await this.getImport(id); // a NotFoundError when there is no such import
      throw new ConflictError(`Import ${id} is ${current.status}: it cannot be run again.`);
    }
    return this.getImport(id);
  }

  /**
   * The import function takes a queued import (or one whose earlier run died): `running`, one more attempt.
   * @returns its options, or `undefined` when it is not queued or running (already completed, failed, or pending)
   */
  async startImport(id: number): Promise<{ skipInvalid: boolean } | undefined> {
    const rows = await this.db.query<{ run_options: string | null }>(
      `UPDATE cat_data.imports SET status = 'running', started_at = now(), attempts = attempts + 1
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING run_options::text AS run_options`,
      [id],
    );
    if (!rows[0]) return undefined;
    return { skipInvalid: false, ...(rows[0].run_options ? JSON.parse(rows[0].run_options) : {}) };
  }

  /** Records why a queued or running import failed; it can be queued again. */
  async failImport(id: number, error: NonNullable<ImportRecord['error']>): Promise<void> {
    await this.db.query(
      `UPDATE cat_data.imports SET status = 'failed', error = $2::jsonb
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, JSON.stringify(error)],
    );
  }

  /** Links an import to the S3 object (and version) its CSV is kept in. */
  async linkRawObject(importId: number, raw: RawObjectLink): Promise<void> {
    await this.db.query(
      'UPDATE cat_data.imports SET s3_bucket = $2, s3_key = $3, s3_version_id = $4 WHERE id = $1',
      [importId, raw.bucket, raw.key, raw.versionId ?? null],
    );
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.db.close();
  }
}
