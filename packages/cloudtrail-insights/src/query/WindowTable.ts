import type { DuckDBConnection } from '@duckdb/node-api';
import { duckDbWindowRows } from './duckDbRelation.js';
import type { TrailFile } from './trailFiles.js';

interface Entry {
  key: string;
  table: string;
  ready: Promise<void>;
  users: number;
}

/** What identifies a window's content: every file's path, size and modification time, in listing order. */
function windowKey(files: TrailFile[]): string {
  return files.map((f) => `${f.path}\u0000${f.bytes}\u0000${f.modifiedMs ?? ''}`).join('\u0001');
}

/**
 * The typed rows of one query window (a set of trail files) materialised once as a DuckDB table and shared by the
 * analyses that follow on the same window — a dashboard asks for the summary, the sessions and the baselines of
 * one window in a row. The files are parsed once; later analyses read typed columns, no JSON. One window is kept:
 * a new window replaces it once the queries still reading the old one are done. A file added, grown or touched
 * changes the window, so the table is never stale.
 *
 * @example
 * const tables = new WindowTable();
 * const lease = await tables.acquire(connection, files); // SELECT ... FROM ${lease.table}
 * try { ... } finally { await lease.release(connection); }
 * @internal
 */
export class WindowTable {
  private current?: Entry;
  private readonly retired: Entry[] = [];
  private created = 0;

  /** The table of `files`, materialised on first use; release it when the query is done. */
  async acquire(
    connection: DuckDBConnection,
    files: TrailFile[],
  ): Promise<{ table: string; reused: boolean; release: (connection: DuckDBConnection) => Promise<void> }> {
    const key = windowKey(files);
    const reused = this.current?.key === key;
    if (!reused) {
      if (this.current) this.retired.push(this.current);
      const table = `cloudtrail_window_${++this.created}`;
      const ready = connection
        .run(`CREATE TABLE ${table} AS ${duckDbWindowRows(files)}`)
        .then(() => undefined);
      this.current = { key, table, ready, users: 0 };
    }
    const leased: Entry = this.current!;
    leased.users++;
    try {
      await leased.ready;
    } catch (error) {
      leased.users--;
      if (this.current === leased) this.current = undefined;
      throw error;
    }
    return {
      table: leased.table,
      reused,
      release: async (c) => {
        leased.users--;
        await this.dropRetired(c);
      },
    };
  }

  /** Drops the tables of replaced windows no query reads any more. */
  private async dropRetired(connection: DuckDBConnection): Promise<void> {
    for (const entry of [...this.retired]) {
      if (entry.users > 0) continue;
      this.retired.splice(this.retired.indexOf(entry), 1);
      await entry.ready.catch(() => undefined);
      await connection.run(`DROP TABLE IF EXISTS ${entry.table}`);
    }
  }
}
