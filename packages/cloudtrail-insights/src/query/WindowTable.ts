import type { DuckDBConnection } from '@duckdb/node-api';
import { duckDbWindowRows } from './duckDbRelation.js';
import { EngineConfigError } from './errors.js';
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

const OUT_OF_MEMORY = /Out of Memory/i;

/**
 * Creates `table` from `files` with `threads` reading threads, and with half as many again while DuckDB runs out of
 * memory: a reading thread holds a file's text and its parsed form, so files of tens of MB of JSON need far more
 * than the usual ~56 MiB a thread (files of 24.5 MiB: 2 threads failed under 350 MB, 1 ran in 256). A window whose
 * files do not fit even one thread is an {@link EngineConfigError} that says what to raise. The thread count goes
 * back to `threads` afterwards (it is the instance's: queries running meanwhile read with fewer).
 */
async function build(
  connection: DuckDBConnection,
  table: string,
  files: TrailFile[],
  threads: number,
): Promise<void> {
  const create = `CREATE TABLE ${table} AS ${duckDbWindowRows(files)}`;
  let n = threads;
  try {
    for (;;) {
      try {
        await connection.run(create);
        return;
      } catch (error) {
        if (!OUT_OF_MEMORY.test(String((error as Error).message))) throw error;
        if (n === 1) {
          const largest = Math.max(0, ...files.map((f) => f.textBytes ?? 0));
          throw new EngineConfigError(
            `the window's trail files (the largest ${Math.ceil(largest / 2 ** 20)} MiB of JSON) do not fit the DuckDB memory limit with one reading thread: raise memoryLimit (DUCKDB_MEMORY_LIMIT)`,
            { cause: error },
          );
        }
        n = Math.max(1, Math.floor(n / 2));
        await connection.run(`SET threads = ${n}`);
      }
    }
  } finally {
    if (n !== threads) await connection.run(`SET threads = ${threads}`);
  }
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

  /**
   * The table of `files`, materialised on first use; release it when the query is done. `threads`: the engine's
   * thread count, which a build of large files halves until its reading threads fit the memory limit.
   */
  async acquire(
    connection: DuckDBConnection,
    files: TrailFile[],
    threads: number,
  ): Promise<{ table: string; reused: boolean; release: (connection: DuckDBConnection) => Promise<void> }> {
    const key = windowKey(files);
    const reused = this.current?.key === key;
    if (!reused) {
      if (this.current) this.retired.push(this.current);
      const table = `cloudtrail_window_${++this.created}`;
      const ready = build(connection, table, files, threads);
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
