import { migrate } from './db/migrate.js';
import type { PgliteDatabaseOptions } from './db/PgliteDatabase.js';
import { PostgresDatabase, type PostgresDatabaseOptions } from './db/PostgresDatabase.js';
import { resolveAreas } from './db/resolveAreas.js';
import type { SqlDatabase } from './db/SqlDatabase.js';
import { Cat, NewCat } from './domain/records.js';
import { ConflictError, NotFoundError } from './errors.js';
import { ImportRecord, ImportRunOptions, RawObjectLink } from './import/ImportRecord.js';

export { ImportRecord, ImportRunOptions, RawObjectLink };

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

/** A cat's columns, named and shaped as {@link Cat} fields, so that a row parses as one. */
const catColumns = `c.id, c.external_id AS "externalId", c.name, c.species, c.sex,
  c.estimated_birth::text AS "estimatedBirth", c.colour, c.pattern, c.ear_tipped AS "earTipped", c.microchip, c.status,
  CASE WHEN a.id IS NULL THEN NULL
       ELSE json_build_object('prefecture', a.prefecture, 'municipality', a.municipality, 'district', a.district)
  END AS area,
  c.created_at::text AS "createdAt"`;

/** An import's columns, named and shaped as {@link ImportRecord} fields. */
const importColumns = `id, kind, file_name AS "fileName", status, started_at::text AS "startedAt", attempts, error,
  sha256,
  CASE WHEN s3_key IS NULL THEN NULL
       ELSE json_build_object('bucket', s3_bucket, 'key', s3_key, 'versionId', s3_version_id)
  END AS "rawObject",
  rows_read AS "rowsRead", rows_stored AS "rowsStored", rows_duplicate AS "rowsDuplicate",
  rows_filtered AS "rowsFiltered", rows_invalid AS "rowsInvalid", records_added AS "recordsAdded",
  records_already_present AS "recordsAlreadyPresent", problems, duplicates, mapping, created_by AS "createdBy",
  created_at::text AS "createdAt"`;

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
    return Cat.parse(rows[0]);
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
    const items = rows.slice(0, limit).map((row) => Cat.parse(row));
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
    const rows = await this.db.query(`SELECT ${importColumns} FROM cat_data.imports WHERE id = $1`, [id]);
    if (!rows[0]) throw new NotFoundError(`No import with id ${id}.`);
    return ImportRecord.parse(rows[0]);
  }

  /**
   * Asks for an uploaded import to run: a `pending` or `failed` import becomes `queued` with these options.
   * @throws {ConflictError} when it is queued, running or completed
   */
  async queueImport(id: number, runOptions: ImportRunOptions): Promise<ImportRecord> {
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
  async startImport(id: number): Promise<ImportRunOptions | undefined> {
    const rows = await this.db.query(
      `UPDATE cat_data.imports SET status = 'running', started_at = now(), attempts = attempts + 1
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING coalesce(run_options, '{}'::jsonb) AS options`,
      [id],
    );
    if (!rows[0]) return undefined;
    return ImportRunOptions.parse(rows[0].options);
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
