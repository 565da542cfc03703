import { randomUUID } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatLogUploader, UploadResult } from '../ChatLogUploader.js';
import { type ChatLogContent, toBytes } from '../content.js';
import { prepareContent } from '../contentPipeline.js';
import { PresignResponse } from '../contract.js';
import { ChatLogError, ChatLogValidationError, PresignRequestError } from '../errors.js';
import { failureKind } from '../failureKind.js';
import type { RedactionReport } from '../redaction/redactSecrets.js';
import { backoffDelay, type ResolvedRetry, resolveRetry } from '../retry.js';
import { removeDurably, writeFileDurably } from './durableFile.js';
import { SpoolDeadLetters } from './spoolDeadLetters.js';
import { checkSpoolDirectory, readSpoolFile } from './spoolFiles.js';
import { lockSpool } from './spoolLock.js';
import type {
  ChatLogSpoolOptions,
  DeadLetter,
  FlushResult,
  SpooledLog,
  SpoolMetadata,
} from './spoolTypes.js';

export type { ChatLogSpoolOptions, DeadLetter, FlushResult, SpooledLog, SpoolMetadata };

const ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Keeps chat logs that could not be uploaded (offline, endpoint down) in a local directory and uploads them later,
 * never losing or duplicating one, whenever the process is killed:
 *
 * - a log is durable once `add()` resolves: body and manifest are written to temp files, fsynced, renamed, and
 *   the directory fsynced; the manifest is written last and is what makes the entry exist;
 * - before each PUT the presigned URL is saved in the manifest, so a restart retries the same key (if the endpoint
 *   still vouches for that object); the PUT is signed with `If-None-Match: *`, so a retry of a PUT that had
 *   already landed is answered 412 and counted done;
 * - an entry is removed only after S3 confirmed it, and its id is remembered (a `.done` marker) so adding it
 *   again is a no-op; one flush runs at a time (a lock file with the owner's pid);
 * - only transient failures stay in the spool; a log that fails for good moves to `dead-letter/` with its reason;
 * - the folder must belong to the current user and be writable by no one else, and its files are read without
 *   following symlinks ({@link SpoolSecurityError} otherwise).
 *
 * @example
 * const spool = new ChatLogSpool({ directory: '~/.media-viewer/spool', uploader });
 * await spool.add(JSON.stringify(log), { fileName: 'session.json', contentType: 'application/json', redact: true });
 * const { uploaded, pending, deadLettered } = await spool.flush();
 */
export class ChatLogSpool {
  readonly directory: string;
  private readonly uploader: ChatLogUploader | undefined;
  private readonly dead: SpoolDeadLetters;
  /** When to try a log again: the package's one backoff policy, unbounded (a log stays until it is stored). */
  private readonly retry: ResolvedRetry;
  private readonly doneRetentionMs: number;
  private readonly now: () => number;

  constructor(options: ChatLogSpoolOptions) {
    this.directory = options.directory;
    this.uploader = options.uploader;
    this.dead = new SpoolDeadLetters(options.directory);
    this.retry = {
      ...resolveRetry({
        baseDelayMs: options.retry?.baseDelayMs ?? 5000,
        maxDelayMs: options.retry?.maxDelayMs ?? 3_600_000,
      }),
      attempts: Number.POSITIVE_INFINITY,
    };
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
  ): Promise<{ id: string; redaction: RedactionReport | undefined; existed: boolean }> {
    if (metadata.id !== undefined && !ID.test(metadata.id)) {
      throw new ChatLogValidationError('id', 'id must be 1-100 characters of A-Z a-z 0-9 . _ -');
    }
    await checkSpoolDirectory(this.directory, true);
    const id = metadata.id ?? `${this.now().toString(36).padStart(9, '0')}-${randomUUID()}`;
    const known = (await this.read(id)) || (await this.isDone(id)) || (await this.dead.has(id));
    if (known) return { id, redaction: undefined, existed: true };
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
    return { id, redaction: prepared.redaction, existed: false };
  }

  /** The logs waiting, oldest first. Leftovers of an interrupted `add()` (a body without manifest) are removed. */
  async list(): Promise<SpooledLog[]> {
    if (!(await checkSpoolDirectory(this.directory, false))) return [];
    const names = await readdir(this.directory);
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
      if (await this.dead.has(id)) {
        // Moved to the dead letters, then killed before the move was complete.
        await this.dead.finishMove(this.directory, id);
        continue;
      }
      const entry = await this.read(id);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** The logs that failed for good (moved to `dead-letter/` with their reason), oldest failure first. */
  async deadLetters(): Promise<DeadLetter[]> {
    if (!(await checkSpoolDirectory(this.directory, false))) return [];
    return this.dead.list();
  }

  /**
   * Uploads every log whose next attempt is due (all of them with `force`). A log that fails transiently waits
   * longer each time; one that fails for good moves to the dead letters; one that S3 confirmed is removed. When the
   * endpoint refuses the credentials, the flush stops and the logs stay.
   */
  async flush(options: { force?: boolean; signal?: AbortSignal } = {}): Promise<FlushResult> {
    await checkSpoolDirectory(this.directory, true);
    const release = await lockSpool(this.directory);
    const result: FlushResult = { uploaded: [], failed: [], deadLettered: [], pending: 0 };
    try {
      for (const entry of await this.list()) {
        if (options.signal?.aborted) break;
        if (!options.force && Date.parse(entry.nextAttemptAt) > this.now()) continue;
        const outcome = await this.attempt(entry, options.signal);
        if (outcome.uploaded) {
          result.uploaded.push({ id: entry.id, s3Key: outcome.uploaded.s3Key, attempts: entry.attempts + 1 });
          continue;
        }
        // Stopped by the caller: the log is fine, leave it as it is.
        if (options.signal?.aborted) break;
        const { error } = outcome;
        const kind = failureKind(error);
        const message = describe(error);
        if (kind === 'transient' || isCredentialRefusal(error)) {
          await this.recordFailure(entry, message);
          result.failed.push({ id: entry.id, error: message, kind });
          if (kind !== 'transient') break;
        } else {
          await this.dead.move(this.directory, entry, message, kind, new Date(this.now()).toISOString());
          result.deadLettered.push({ id: entry.id, reason: message, kind });
        }
      }
      result.pending = (await this.list()).length;
      return result;
    } finally {
      await release();
    }
  }

  /**
   * Uploads now, and spools the log only if that fails transiently (offline, endpoint unavailable, 5xx, 429, an
   * expired URL). Anything else (a refused token, invalid input, a bucket that does not exist) is thrown and the
   * log is not kept, so running the same command again after fixing it uploads it once.
   */
  async uploadOrSpool(
    content: ChatLogContent,
    metadata: SpoolMetadata,
  ): Promise<{ uploaded: UploadResult } | { spooled: string; reason: string; redaction?: RedactionReport }> {
    const { id, redaction, existed } = await this.store(content, metadata);
    const release = await lockSpool(this.directory);
    try {
      const entry = await this.read(id);
      if (!entry) {
        const reason = 'this id was handled before (uploaded, or in the dead letters)';
        return { spooled: id, reason, ...(redaction ? { redaction } : {}) };
      }
      const outcome = await this.attempt(entry);
      if (outcome.uploaded)
        return { uploaded: redaction ? { ...outcome.uploaded, redaction } : outcome.uploaded };
      const kind = failureKind(outcome.error);
      if (kind !== 'transient') {
        // Added by this call: not kept, the caller has the log and the error. Spooled by an earlier call (same id):
        // kept in the dead letters with the reason, like a flush does.
        const reason = describe(outcome.error);
        if (!existed) await removeDurably(this.directory, this.manifestPath(id), this.bodyPath(id));
        else if (isCredentialRefusal(outcome.error)) await this.recordFailure(entry, reason);
        else await this.dead.move(this.directory, entry, reason, kind, new Date(this.now()).toISOString());
        throw outcome.error;
      }
      const reason = describe(outcome.error);
      await this.recordFailure(entry, reason);
      return { spooled: id, reason, ...(redaction ? { redaction } : {}) };
    } finally {
      await release();
    }
  }

  /** One try; on success the entry is removed (and remembered as done). */
  private async attempt(
    entry: SpooledLog,
    signal?: AbortSignal,
  ): Promise<{ uploaded: UploadResult; error?: undefined } | { uploaded?: undefined; error: unknown }> {
    try {
      const uploaded = await this.send(entry, signal);
      await writeFileDurably(this.donePath(entry.id), JSON.stringify({ s3Key: uploaded.s3Key }));
      await removeDurably(this.directory, this.bodyPath(entry.id), this.manifestPath(entry.id));
      return { uploaded };
    } catch (error) {
      return { error };
    }
  }

  /** Counts a failed attempt and schedules the next one (exponential backoff, full jitter). */
  private async recordFailure(entry: SpooledLog, message: string): Promise<void> {
    const current = (await this.read(entry.id)) ?? entry;
    const attempts = current.attempts + 1;
    await this.save({
      ...current,
      attempts,
      nextAttemptAt: new Date(this.now() + backoffDelay(this.retry, attempts)).toISOString(),
      lastError: message.slice(0, 500),
    });
  }

  private async send(entry: SpooledLog, signal?: AbortSignal): Promise<UploadResult> {
    if (!this.uploader) throw new ChatLogError('this spool has no uploader: pass { uploader } to upload');
    const body = await readSpoolFile(this.bodyPath(entry.id));
    if (body === undefined) throw new ChatLogError(`spool entry ${entry.id} has lost its body`);
    let current = entry;
    const persist = async (change: Partial<SpooledLog>) => {
      current = { ...current, ...change };
      await this.save(current);
    };
    return this.uploader.robustUpload(new Uint8Array(body), {
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
    return (await readSpoolFile(this.donePath(id))) !== undefined;
  }

  private async save(entry: SpooledLog): Promise<void> {
    await writeFileDurably(this.manifestPath(entry.id), JSON.stringify(entry));
  }

  private async read(id: string): Promise<SpooledLog | undefined> {
    const text = await readSpoolFile(this.manifestPath(id));
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text.toString('utf8')) as SpooledLog;
      if (entry.presigned !== undefined && !PresignResponse.safeParse(entry.presigned).success)
        delete entry.presigned;
      return entry;
    } catch (error) {
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
}

/** The endpoint refused the credentials: the token is wrong, not the log. */
function isCredentialRefusal(error: unknown): boolean {
  return error instanceof PresignRequestError && (error.status === 401 || error.status === 403);
}

function describe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error').slice(0, 500);
}
