import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MultipartState } from '../MultipartUpload.js';
import { removeDurably, writeFileDurably } from './durableFile.js';
import { checkSpoolDirectory, readJsonRecords, readSpoolFile } from './spoolFiles.js';

/** Which file, as it was when its upload started: a different size or mtime means different bytes. */
export interface JournalFile {
  /** Absolute path. */
  path: string;
  size: number;
  mtimeMs: number;
  /** What was done to it on the way (redaction, gzip, content type, part size): another choice is another upload. */
  options: string;
}

/** A multipart upload in progress, as recorded before its first part. */
export interface JournalEntry extends JournalFile, MultipartState {
  startedAt: string;
}

/**
 * The multipart uploads the CLI has started and not finished, kept in `<spool-dir>/multipart/` (same ownership and
 * mode checks as the spool): rerunning the same upload finds its entry and resumes it; an entry whose file has
 * changed since is an abandoned upload, to abort.
 * @internal
 */
export class MultipartJournal {
  private readonly directory: string;

  constructor(private readonly spoolDirectory: string) {
    this.directory = join(spoolDirectory, 'multipart');
  }

  /** The entry recorded for this path and options, if any. */
  async find(file: Pick<JournalFile, 'path' | 'options'>): Promise<JournalEntry | undefined> {
    if (!(await checkSpoolDirectory(this.spoolDirectory, false))) return undefined;
    const text = await readSpoolFile(this.pathOf(file));
    return text === undefined ? undefined : (JSON.parse(text.toString('utf8')) as JournalEntry);
  }

  /** Records an upload before its first part is sent. */
  async record(entry: JournalEntry): Promise<void> {
    await checkSpoolDirectory(this.spoolDirectory, true);
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await writeFileDurably(this.pathOf(entry), JSON.stringify(entry));
  }

  /** Forgets an upload (completed, or aborted). */
  async remove(file: Pick<JournalFile, 'path' | 'options'>): Promise<void> {
    await removeDurably(this.directory, this.pathOf(file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Every upload recorded. */
  async list(): Promise<JournalEntry[]> {
    if (!(await checkSpoolDirectory(this.spoolDirectory, false))) return [];
    return readJsonRecords<JournalEntry>(this.directory);
  }

  private pathOf(file: Pick<JournalFile, 'path' | 'options'>): string {
    const id = createHash('sha256').update(`${file.path}\0${file.options}`).digest('hex').slice(0, 32);
    return join(this.directory, `${id}.json`);
  }
}
