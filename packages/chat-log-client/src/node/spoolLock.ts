import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ChatLogError } from '../errors.js';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One flusher at a time, across processes: a lock file in `directory` holding the owner's pid; a dead owner's lock
 * is taken over. Resolves to the function that releases it.
 * @internal
 */
export async function lockSpool(directory: string): Promise<() => Promise<void>> {
  const path = join(directory, 'flush.lock');
  for (let tries = 0; tries < 100; tries++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path, 'utf8').catch(() => ''));
      if (!isAlive(owner)) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new ChatLogError(`the spool in ${directory} is being flushed by another process`);
}
