import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatLogUploader, UploadResult } from '../ChatLogUploader.js';
import { type ChatLogContent, toBytes } from '../content.js';
import { prepareContent } from '../contentPipeline.js';
import { PresignResponse } from '../contract.js';
import { ChatLogError, ChatLogValidationError, PresignRequestError } from '../errors.js';
import type { MultipartState } from '../MultipartUpload.js';
import type { RedactionReport, RedactOptions } from '../redaction/redactSecrets.js';
import { removeDurably, writeFileDurably } from './durableFile.js';

/** Options of {@link ChatLogSpool}. */
export interface ChatLogSpoolOptions {
  /** Where spooled logs live (created if missing; keep it on a local disk). */
  directory: string;
  uploader: ChatLogUploader;
  /** Backoff between attempts of one log: doubling from `baseDelayMs` (default 5 s) up to `maxDelayMs` (1 h). */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How long the id of an uploaded log is remembered, so adding it again is a no-op (default 7 days). */
  doneRetentionMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** What to spool: the log's name and type, and what to do to it before it is stored. */
export interface SpoolMetadata {
  fileName: string;
  contentType: string;
  /**
   * An idempotency key: adding the same id again, while it waits or for `doneRetentionMs` after it was uploaded,
   * keeps one log. `[A-Za-z0-9._-]`, at most 100 characters.
   */
  id?: string;
  redact?: boolean | RedactOptions;
  compress?: boolean;
}

/** One log waiting in the spool. */
export interface SpooledLog {
  id: string;
  fileName: string;
  contentType: string;
  bytes: number;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  contentEncoding?: 'gzip';
  metadata: Record<string, string>;
  /** The presigned upload saved before its PUT, so a restart reuses the same key. */
  presigned?: PresignResponse;
  /** A multipart upload in progress, to resume. */
  multipart?: MultipartState;
}

/** What a flush did. */
export interface FlushResult {
  uploaded: { id: string; s3Key: string; attempts: number }[];
  failed: { id: string; error: string }[];
  /** Logs still in the spool (failed ones and those waiting for their next attempt). */
  pending: number;
}

const ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Keeps chat logs that could not be uploaded (offline, endpoint down) in a local directory and uploads them later,
 * never losing or duplicating one, whenever the process is killed:
 *
 * - a log is durable once `add()` resolves: body and manifest are written to temp files, fsynced, renamed, and
 *   the directory fsynced; the manifest is written last and is what makes the entry exist;
 * - before each PUT the presigned URL is saved in the manifest, so a restart retries the same key; the PUT is
 *   signed with `If-None-Match: *`, so a retry of a PUT that had already landed is answered 412 and counted done;
 * - an entry is removed only after S3 confirmed it, and its id is remembered (a `.done` marker) so adding it
 *   again is a no-op; one flush runs at a time (a lock file with the owner's pid).
 *
 * @example
 * const spool = new ChatLogSpool({ directory: '~/.media-viewer/spool', uploader });
 * await spool.add(JSON.stringify(log), { fileName: 'session.json', contentType: 'application/json', redact: true });
 * const { uploaded, pending } = await spool.flush();
 */
export class ChatLogSpool {
  readonly directory: string;
  private readonly uploader: ChatLogUploader;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly doneRetentionMs: number;
  private readonly now: () => number;

  constructor(options: ChatLogSpoolOptions) {
    this.directory = options.directory;
    this.uploader = options.uploader;
    this.baseDelayMs = options.retry?.baseDelayMs ?? 5000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 3_600_000;
    this.doneRetentionMs = options.doneRetentionMs ?? 7 * 24 * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** Stores a log durably and returns its id. Redaction and compression happen now, once. */
  async add(content: ChatLogContent, metadata: SpoolMetadata): Promise<string> {
    return (await this.store(content, metadata)).id;
  }

  private async store(
    content: ChatLogContent,
    metadata: SpoolMetadata,
  ): Promise<{ id: string; redaction: RedactionReport | undefined }> {
    if (metadata.id !== undefined && !ID.test(metadata.id)) {
      throw new ChatLogValidationError('id', 'id must be 1-100 characters of A-Z a-z 0-9 . _ -');
    }
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const id = metadata.id ?? `${this.now().toString(36).padStart(9, '0')}-${randomUUID()}`;
    if ((await this.read(id)) || (await this.isDone(id))) return { id, redaction: undefined };
    const prepared = await prepareContent(await toBytes(content), {
      ...(metadata.redact === undefined ? {} : { redact: metadata.redact }),
      ...(metadata.compress === undefined ? {} : { compress: metadata.compress }),
    });
    const created = new Date(this.now()).toISOString();
    const entry: SpooledLog = {
      id,
      fileName: metadata.fileName,
      contentType: metadata.contentType,
      bytes: prepared.body.length,
      createdAt: created,
      attempts: 0,
      nextAttemptAt: created,
      metadata: prepared.metadata,
      ...(prepared.contentEncoding === undefined ? {} : { contentEncoding: prepared.contentEncoding }),
    };
    await writeFileDurably(this.bodyPath(id), prepared.body);
    await this.save(entry);
    return { id, redaction: prepared.redaction };
  }

  /** The logs waiting, oldest first. Leftovers of an interrupted `add()` (a body without manifest) are removed. */
  async list(): Promise<SpooledLog[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: SpooledLog[] = [];
    const manifests = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
    for (const name of names) {
      const orphanBody = name.endsWith('.body') && !manifests.has(name.slice(0, -5));
      if (orphanBody && (await this.isDone(name.slice(0, -5)))) {
        await unlink(join(this.directory, name)).catch(() => undefined);
      } else if ((orphanBody || name.endsWith('.tmp')) && (await this.olderThan(name, 60_000))) {
        // Leftovers of an add() or a write cut short; young ones may belong to a writer still at work.
        await unlink(join(this.directory, name)).catch(() => undefined);
      }
      if (name.endsWith('.done') && (await this.olderThan(name, this.doneRetentionMs))) {
        await unlink(join(this.directory, name)).catch(() => undefined);
      }
    }
    for (const id of manifests) {
      if (await this.isDone(id)) {
        // Uploaded, then killed before the entry was removed: finish the removal, do not upload again.
        await removeDurably(this.directory, this.bodyPath(id), this.manifestPath(id));
        continue;
      }
      const entry = await this.read(id);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /**
   * Uploads every log whose next attempt is due (all of them with `force`). A log that fails waits longer
   * each time; one that S3 confirmed is removed.
   */
  async flush(options: { force?: boolean; signal?: AbortSignal } = {}): Promise<FlushResult> {
    const release = await this.lock();
    const result: FlushResult = { uploaded: [], failed: [], pending: 0 };
    try {
      for (const entry of await this.list()) {
        if (options.signal?.aborted) break;
        if (!options.force && Date.parse(entry.nextAttemptAt) > this.now()) continue;
        const outcome = await this.attempt(entry, options.signal);
        if (outcome.uploaded) {
          result.uploaded.push({ id: entry.id, s3Key: outcome.uploaded.s3Key, attempts: entry.attempts + 1 });
        } else {
          result.failed.push({ id: entry.id, error: outcome.message });
        }
      }
      result.pending = (await this.list()).length;
      return result;
    } finally {
      await release();
    }
  }

  /**
   * Uploads now, and spools the log only if that fails (offline, endpoint unavailable). Refusals that a retry
   * cannot fix (400, 401, 403, 413, 415) are thrown, not spooled.
   */
  async uploadOrSpool(
    content: ChatLogContent,
    metadata: SpoolMetadata,
  ): Promise<{ uploaded: UploadResult } | { spooled: string; redaction?: RedactionReport }> {
    const { id, redaction } = await this.store(content, metadata);
    const flushed = await this.flushOne(id);
    if (flushed.uploaded)
      return { uploaded: redaction ? { ...flushed.uploaded, redaction } : flushed.uploaded };
    if (
      flushed.error instanceof PresignRequestError &&
      flushed.error.status < 500 &&
      flushed.error.status !== 429
    ) {
      throw flushed.error;
    }
    return redaction ? { spooled: id, redaction } : { spooled: id };
  }

  private async flushOne(id: string): Promise<{ uploaded?: UploadResult; error?: unknown }> {
    const release = await this.lock();
    try {
      const entry = await this.read(id);
      return entry ? await this.attempt(entry) : {};
    } finally {
      await release();
    }
  }

  /** One try: on success the entry is removed; on failure its attempts, backoff and last error are recorded. */
  private async attempt(
    entry: SpooledLog,
    signal?: AbortSignal,
  ): Promise<{ uploaded?: UploadResult; error?: unknown; message: string }> {
    try {
      const uploaded = await this.send(entry, signal);
      await writeFileDurably(this.donePath(entry.id), JSON.stringify({ s3Key: uploaded.s3Key }));
      await removeDurably(this.directory, this.bodyPath(entry.id), this.manifestPath(entry.id));
      return { uploaded, message: 'uploaded' };
    } catch (error) {
      const current = (await this.read(entry.id)) ?? entry;
      const attempts = current.attempts + 1;
      const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempts - 1));
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
      await this.save({
        ...current,
        attempts,
        nextAttemptAt: new Date(this.now() + delay * (0.5 + Math.random() / 2)).toISOString(),
        lastError: message.slice(0, 500),
      });
      return { error, message };
    }
  }

  private async send(entry: SpooledLog, signal?: AbortSignal): Promise<UploadResult> {
    const body = new Uint8Array(await readFile(this.bodyPath(entry.id)));
    let current = entry;
    const persist = async (change: Partial<SpooledLog>) => {
      current = { ...current, ...change };
      await this.save(current);
    };
    return this.uploader.robustUpload(body, {
      fileName: entry.fileName,
      contentType: entry.contentType,
      metadata: entry.metadata,
      ...(entry.contentEncoding === undefined ? {} : { contentEncoding: entry.contentEncoding }),
      ...(entry.presigned === undefined ? {} : { presigned: entry.presigned }),
      ...(entry.multipart === undefined ? {} : { resume: entry.multipart }),
      ...(signal === undefined ? {} : { signal }),
      onPresigned: (presigned) => persist({ presigned }),
      onStarted: (multipart) => persist({ multipart }),
    });
  }

  private manifestPath(id: string): string {
    return join(this.directory, `${id}.json`);
  }

  private bodyPath(id: string): string {
    return join(this.directory, `${id}.body`);
  }

  private donePath(id: string): string {
    return join(this.directory, `${id}.done`);
  }

  private async isDone(id: string): Promise<boolean> {
    try {
      await stat(this.donePath(id));
      return true;
    } catch {
      return false;
    }
  }

  private async save(entry: SpooledLog): Promise<void> {
    await writeFileDurably(this.manifestPath(entry.id), JSON.stringify(entry));
  }

  private async read(id: string): Promise<SpooledLog | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.manifestPath(id), 'utf8')) as SpooledLog;
      if (entry.presigned !== undefined && !PresignResponse.safeParse(entry.presigned).success)
        delete entry.presigned;
      return entry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ChatLogError(`spool entry ${id} is unreadable`, { cause: error });
    }
  }

  private async olderThan(name: string, ms: number): Promise<boolean> {
    try {
      return this.now() - (await stat(join(this.directory, name))).mtimeMs > ms;
    } catch {
      return false;
    }
  }

  /** One flusher at a time, across processes: a lock file holding the owner's pid; a dead owner's lock is taken over. */
  private async lock(): Promise<() => Promise<void>> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const path = join(this.directory, 'flush.lock');
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
    throw new ChatLogError(`the spool in ${this.directory} is being flushed by another process`);
  }
}

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
