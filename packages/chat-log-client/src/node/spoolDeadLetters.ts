import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { FailureKind } from '../failureKind.js';
import { removeDurably, syncDirectory, writeFileDurably } from './durableFile.js';
import { readJsonRecords, readSpoolFile } from './spoolFiles.js';
import type { DeadLetter, SpooledLog } from './spoolTypes.js';

/** The `dead-letter` folder of a spool: logs whose upload failed permanently. @internal */
export class SpoolDeadLetters {
  readonly directory: string;

  constructor(spoolDirectory: string) {
    this.directory = join(spoolDirectory, 'dead-letter');
  }

  /**
   * Moves a log here, crash-safe: the dead-letter manifest is written first (durably), then the body is renamed
   * in, then the spool's manifest is removed. {@link finishMove} completes a move a crash cut short.
   */
  async move(spoolDirectory: string, entry: SpooledLog, reason: string, kind: FailureKind, at: string) {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const letter: DeadLetter = { ...entry, deadLetter: { reason: reason.slice(0, 500), kind, at } };
    delete letter.presigned;
    await writeFileDurably(join(this.directory, `${entry.id}.json`), JSON.stringify(letter));
    await this.finishMove(spoolDirectory, entry.id);
  }

  /** The second half of {@link move}: body in, spool manifest out. Harmless when already done. */
  async finishMove(spoolDirectory: string, id: string): Promise<void> {
    await rename(join(spoolDirectory, `${id}.body`), join(this.directory, `${id}.body`)).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
    await syncDirectory(this.directory);
    await removeDurably(spoolDirectory, join(spoolDirectory, `${id}.json`));
  }

  /** Whether `id` was moved here. */
  async has(id: string): Promise<boolean> {
    return (await readSpoolFile(join(this.directory, `${id}.json`))) !== undefined;
  }

  /** The dead letters, oldest failure first. */
  async list(): Promise<DeadLetter[]> {
    const letters = await readJsonRecords<DeadLetter>(this.directory);
    return letters.sort((a, b) => a.deadLetter.at.localeCompare(b.deadLetter.at) || a.id.localeCompare(b.id));
  }
}
