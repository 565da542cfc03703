import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DirectoryLock } from './DirectoryLock.js';
import { copyRowsVia, quoteIdent, type SqlDatabase, type SqlSession } from './SqlDatabase.js';

/** Options of {@link PgliteDatabase.open}. */
export interface PgliteDatabaseOptions {
  /**
   * A directory to persist to; in memory when omitted. One process at a time: it is locked while open (see
   * {@link DirectoryLock}), and a second opener gets a `DatabaseLockedError` naming the holder.
   */
  dataDir?: string;
}

type Queryable = Pick<Transaction, 'query'>;

function session(target: Queryable): SqlSession {
  const copyText: SqlSession['copyText'] = async (table, columns, chunks) => {
    const parts = [...chunks];
    if (parts.length === 0) return;
    // PGlite reads COPY ... FROM '/dev/blob' from the blob passed with the query.
    await target.query(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob'`, [], {
      blob: new Blob(parts as BlobPart[]),
    });
  };
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    copyRows: copyRowsVia(copyText),
    copyText,
  };
}

/**
 * PostgreSQL compiled to WebAssembly, in-process: the embedded default, for demos, tests and small shelters.
 *
 * @example
 * const db = await PgliteDatabase.open();            // in memory
 * const disk = await PgliteDatabase.open({ dataDir: './cat-data' });
 */
export class PgliteDatabase implements SqlDatabase {
  readonly engine = 'pglite' as const;
  readonly #pg: PGlite;
  readonly #session: SqlSession;
  readonly #lock: DirectoryLock | undefined;

  private constructor(pg: PGlite, lock?: DirectoryLock) {
    this.#pg = pg;
    this.#session = session(pg);
    this.#lock = lock;
  }

  /**
   * Opens (creating if needed) an embedded database.
   * @throws {DatabaseLockedError} when another live process has `dataDir` open
   */
  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    if (!options.dataDir) return new PgliteDatabase(await PGlite.create());
    const lock = await DirectoryLock.acquire(options.dataDir);
    try {
      return new PgliteDatabase(await PGlite.create(options.dataDir), lock);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.#session.query<T>(sql, params);
  }

  copyRows(
    table: string,
    columns: readonly string[],
    rows: Iterable<readonly (string | null)[]>,
  ): Promise<number> {
    return this.#session.copyRows(table, columns, rows);
  }

  copyText(table: string, columns: readonly string[], chunks: Iterable<string | Uint8Array>): Promise<void> {
    return this.#session.copyText(table, columns, chunks);
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#pg.transaction((tx) => work(session(tx)));
  }

  async close(): Promise<void> {
    try {
      if (!this.#pg.closed) await this.#pg.close();
    } finally {
      await this.#lock?.release();
    }
  }
}
