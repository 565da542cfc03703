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
  /** Bulk-loads text already in COPY text format (lines ending in `\n`), given in chunks (strings or UTF-8). */
  copyText(table: string, columns: readonly string[], chunks: Iterable<string | Uint8Array>): Promise<void>;
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
 * `copyRows` on top of a session's `copyText`: the rows are encoded in chunks of about 256 KB (one write per row
 * would cost more than the COPY itself) and counted.
 * @internal
 */
export function copyRowsVia(copyText: SqlSession['copyText']): SqlSession['copyRows'] {
  return async (table, columns, rows) => {
    const { chunks, count } = copyTextChunks(rows);
    await copyText(table, columns, chunks);
    return count();
  };
}

function copyTextChunks(rows: Iterable<readonly (string | null)[]>): {
  chunks: Generator<string>;
  count: () => number;
} {
  let count = 0;
  function* chunks(): Generator<string> {
    let buffer = '';
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) {
        const value = row[i];
        if (i > 0) buffer += '\t';
        buffer += value === null || value === undefined ? '\\N' : escapeCopy(value);
      }
      buffer += '\n';
      count++;
      if (buffer.length > 262_144) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  return { chunks: chunks(), count: () => count };
}

const copySpecial = /[\\\t\n\r]/;
/** Escapes one value for COPY's text format. @internal */
export function escapeCopy(value: string): string {
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
