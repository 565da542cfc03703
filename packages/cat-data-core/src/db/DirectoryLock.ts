import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CatDataError } from '../errors.js';

/** Who holds a database directory: written into its lock file. */
export interface LockHolder {
  pid: number;
  /** The holder's command line (shortened), e.g. `node mv-cat-data import intakes.csv ...`. */
  command: string;
  hostname: string;
  /** ISO timestamp. */
  since: string;
}

/**
 * The embedded database directory is open in another live process: PGlite has one writer per directory, and two
 * processes writing it would each see their own data and corrupt the other's. Stop the holder, or use another
 * `--data-dir` (or PostgreSQL for concurrent use).
 *
 * @example
 * catch (error) { if (error instanceof DatabaseLockedError) console.error(error.holder.pid, error.holder.command); }
 */
export class DatabaseLockedError extends CatDataError {
  readonly holder: LockHolder;
  readonly lockFile: string;
  constructor(lockFile: string, holder: LockHolder, options?: ErrorOptions) {
    const where = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
    super(
      `The database directory is in use by process ${holder.pid}${where} (${holder.command}) since ${holder.since}. ` +
        'Stop that process first, or use another --data-dir; PostgreSQL (--database) allows several writers. ' +
        `If that process no longer exists, delete ${lockFile}.`,
      options,
    );
    this.name = 'DatabaseLockedError';
    this.holder = holder;
    this.lockFile = lockFile;
  }
}

/** The lock file's name inside a database directory. */
export const LOCK_FILE_NAME = 'mv-cat-data.lock';

/** Whether a process of this host is alive (EPERM: alive, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<{ text: string; holder: LockHolder } | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    const holder = JSON.parse(text) as LockHolder;
    return { text, holder };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A lock file cut short by a crash while it was being written: nobody holds it.
    return { text: '', holder: { pid: 0, command: 'unknown', hostname: hostname(), since: 'unknown' } };
  }
}

function isStale(holder: LockHolder): boolean {
  return holder.hostname === hostname() && (holder.pid <= 0 || !alive(holder.pid));
}

/**
 * An exclusive lock on an embedded database directory, held from open to close: a lock file created atomically
 * (`link`, which fails if it exists) naming the holder (pid, command, host). A lock left by a dead process of this host is taken over; a live holder
 * (or one on another host, whose liveness cannot be checked) makes {@link DirectoryLock.acquire} throw
 * {@link DatabaseLockedError}.
 *
 * @example
 * const lock = await DirectoryLock.acquire('./.mv-cat-data');
 * try { ... } finally { await lock.release(); }
 */
export class DirectoryLock {
  readonly path: string;
  readonly #text: string;

  private constructor(path: string, text: string) {
    this.path = path;
    this.#text = text;
  }

  /** @throws {DatabaseLockedError} when a live process holds the directory */
  static async acquire(directory: string): Promise<DirectoryLock> {
    await mkdir(directory, { recursive: true });
    const path = join(directory, LOCK_FILE_NAME);
    const holder: LockHolder = {
      pid: process.pid,
      command: process.argv
        .map((arg) => arg.split(/[\\/]/).pop())
        .join(' ')
        .slice(0, 200),
      hostname: hostname(),
      since: new Date().toISOString(),
    };
    const text = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
      // Written whole beside it, then linked into place: the lock file appears atomically with its content.
      const draft = `${path}.${process.pid}.new`;
      await writeFile(draft, text, { mode: 0o600 });
      try {
        await link(draft, path);
        return new DirectoryLock(path, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await unlink(draft).catch(() => {});
      }
      const current = await readHolder(path);
      if (current === undefined) continue; // released meanwhile
      if (!isStale(current.holder)) throw new DatabaseLockedError(path, current.holder);
      await DirectoryLock.#takeOver(path, current.text);
    }
    const current = await readHolder(path);
    throw new DatabaseLockedError(path, current?.holder ?? holder);
  }

  /**
   * Removes a stale lock file without removing a fresh one another process created meanwhile: the file is moved
   * aside atomically, and if it is not the stale one that was read, it is put back (link fails if a third process
   * has locked in between, which then holds the directory).
   */
  static async #takeOver(path: string, staleText: string): Promise<void> {
    const aside = `${path}.${process.pid}.stale`;
    try {
      await rename(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved !== staleText) await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
  }

  /** Deletes the lock file if it is still this lock's. */
  async release(): Promise<void> {
    const current = await readFile(this.path, 'utf8').catch(() => undefined);
    if (current === this.#text) await unlink(this.path).catch(() => {});
  }
}
