import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ChatLogError } from '../errors.js';

/**
 * The spool folder or a file in it is not safe to use: another user owns it or can write to it, or an entry is a
 * symlink, hard link or something other than a regular file. Nothing is read or sent from it.
 *
 * @example
 * try {
 *   await spool.flush();
 * } catch (error) {
 *   if (error instanceof SpoolSecurityError) console.error(error.message); // says what to fix (e.g. chmod 700)
 * }
 */
export class SpoolSecurityError extends ChatLogError {
  /** The folder or file refused. */
  readonly path: string;
  constructor(path: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SpoolSecurityError';
    this.path = path;
  }
}

const currentUid = (): number | undefined =>
  typeof process.getuid === 'function' ? process.getuid() : undefined;

/**
 * Checks the spool folder before anything in it is trusted: a real directory (not a symlink), owned by the current
 * user, writable by no one else (no group or other write bit). With `create` a missing folder is made with mode 700.
 * Returns `false` when the folder does not exist (and `create` is off).
 * @internal
 */
export async function checkSpoolDirectory(directory: string, create: boolean): Promise<boolean> {
  if (create) await mkdir(directory, { recursive: true, mode: 0o700 });
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (info.isSymbolicLink()) {
    throw new SpoolSecurityError(directory, `spool folder ${directory} is a symlink: pass its real path`);
  }
  if (!info.isDirectory()) {
    throw new SpoolSecurityError(directory, `spool folder ${directory} is not a directory`);
  }
  const uid = currentUid();
  if (uid !== undefined && info.uid !== uid) {
    throw new SpoolSecurityError(
      directory,
      `spool folder ${directory} belongs to uid ${info.uid}, not to you (uid ${uid}): use a folder of your own`,
    );
  }
  if (uid !== undefined && (info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o777).toString(8);
    throw new SpoolSecurityError(
      directory,
      `spool folder ${directory} is writable by other users (mode ${mode}): run "chmod 700 ${directory}"`,
    );
  }
  return true;
}

/**
 * Reads a spool file without following a symlink (`O_NOFOLLOW`), without blocking on a FIFO (`O_NONBLOCK`), and only
 * when it is a regular file with one link, owned by the current user. `undefined` when it does not exist.
 * @internal
 */
export async function readSpoolFile(path: string): Promise<Buffer | undefined> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') {
      throw new SpoolSecurityError(path, `spool file ${path} is a symlink: refused`, { cause: error });
    }
    throw error;
  }
  try {
    const info = await handle.stat();
    const uid = currentUid();
    if (!info.isFile())
      throw new SpoolSecurityError(path, `spool file ${path} is not a regular file: refused`);
    if (info.nlink !== 1) {
      throw new SpoolSecurityError(path, `spool file ${path} has ${info.nlink} hard links: refused`);
    }
    if (uid !== undefined && info.uid !== uid) {
      throw new SpoolSecurityError(
        path,
        `spool file ${path} belongs to uid ${info.uid}, not to you: refused`,
      );
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * The JSON records of a spool subfolder (`*.json`, read without following symlinks); none when it does not exist.
 * @internal
 *
 * @example
 * const letters = await readJsonRecords<DeadLetter>(join(spoolDir, 'dead-letter'));
 */
export async function readJsonRecords<T>(directory: string): Promise<T[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: T[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const text = await readSpoolFile(join(directory, name));
    if (text !== undefined) records.push(JSON.parse(text.toString('utf8')) as T);
  }
  return records;
}
