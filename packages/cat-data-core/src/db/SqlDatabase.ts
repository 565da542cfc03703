/**
 * The little a repository needs from a PostgreSQL connection. {@link PgliteDatabase} (embedded) and
 * {@link PostgresDatabase} (`pg`, RDS) implement it; everything above is shared.
 */
export interface SqlSession {
  /** Runs one parameterised statement (`$1`, `$2`, ...) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Bulk-loads rows with `COPY ... FROM STDIN` (text format). Values are strings or `null`.
   * @returns the number of rows loaded
   */
  copyRows(
    table: string,
    columns: readonly string[],
    rows: Iterable<readonly (string | null)[]>,
  ): Promise<number>;
}

/** A database: sessions, transactions and a way to close it. */
export interface SqlDatabase extends SqlSession {
  /** `pglite` or `postgres`: only for messages and benchmarks, never for branching SQL. */
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Encodes rows in PostgreSQL's COPY text format.
 * @internal
 */
export function* copyTextLines(rows: Iterable<readonly (string | null)[]>): Generator<string> {
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (i > 0) line += '\t';
      line += value === null || value === undefined ? '\\N' : escapeCopy(value);
    }
    yield `${line}\n`;
  }
}

const copySpecial = /[\\\t\n\r]/;
function escapeCopy(value: string): string {
  if (!copySpecial.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Quotes an identifier for the COPY column list; only our own constant names reach it, but quoting costs nothing.
 * @internal
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
