import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ChatLogUploader, UploadMetadata, UploadResult } from '../ChatLogUploader.js';
import { S3TransferError } from '../errors.js';
import { failureKind } from '../failureKind.js';
import { MultipartUploadError } from '../MultipartUpload.js';
import { fileSource } from './fileSource.js';
import { type JournalEntry, type JournalFile, MultipartJournal } from './multipartJournal.js';
import { prepareFile } from './prepareFile.js';

/** How to upload one large file from the CLI. @internal */
export interface LargeFileOptions {
  spoolDir: string;
  redact: boolean;
  gzip: boolean;
  partSizeMiB: number | undefined;
  concurrency: number | undefined;
}

/** What `resume` needs of a recorded upload: its key, id and whatever else the handler gave it (e.g. its plan). */
function resumeStateOf(entry: JournalEntry) {
  const {
    path: _path,
    size: _size,
    mtimeMs: _mtime,
    options: _options,
    startedAt: _at,
    partSize: _part,
    ...state
  } = entry;
  return state;
}

/** S3 no longer has the upload (completed by someone else, aborted, or expired by a lifecycle rule). */
function uploadIsGone(error: unknown): boolean {
  return (
    error instanceof MultipartUploadError &&
    error.cause instanceof S3TransferError &&
    error.cause.status === 404
  );
}

/**
 * Uploads a file multipart, resumable across runs: the upload is recorded in the spool folder's journal before its
 * first part, so rerunning the same command after a crash or `kill -9` continues from the parts S3 already has.
 * A recorded upload whose file has changed since is aborted (S3 drops its parts) and started afresh; one that
 * failed for good is aborted too; after a transient failure it stays recorded for the next run.
 * @internal
 */
export async function uploadLargeFile(
  file: string,
  uploader: ChatLogUploader,
  metadata: Pick<UploadMetadata, 'fileName' | 'contentType' | 'onProgress'>,
  options: LargeFileOptions,
): Promise<UploadResult & { resumed: boolean }> {
  const info = await stat(file);
  const journal = new MultipartJournal(options.spoolDir);
  const identity: JournalFile = {
    path: resolve(file),
    size: info.size,
    mtimeMs: info.mtimeMs,
    options: JSON.stringify([
      options.redact,
      options.gzip,
      metadata.contentType,
      options.partSizeMiB ?? null,
    ]),
  };
  const previous = await journal.find(identity);
  let resume = previous && resumeStateOf(previous);
  if (previous && (previous.size !== identity.size || previous.mtimeMs !== identity.mtimeMs)) {
    // The file changed: its parts are of other bytes. Drop that upload rather than leave it billed in S3.
    await uploader.abortMultipart(previous).catch(() => undefined);
    await journal.remove(identity);
    resume = undefined;
  }
  const prepared = await prepareFile(file, { redact: options.redact, compress: options.gzip });
  const source = await fileSource(prepared.path);
  const attempt = (from: typeof resume) =>
    uploader.uploadSource(source, {
      ...metadata,
      metadata: prepared.metadata,
      ...(prepared.contentEncoding === undefined ? {} : { contentEncoding: prepared.contentEncoding }),
      ...(options.partSizeMiB === undefined ? {} : { partSize: options.partSizeMiB * 2 ** 20 }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(from ? { resume: from } : {}),
      onStarted: (state) => journal.record({ ...identity, ...state, startedAt: new Date().toISOString() }),
    });
  try {
    let uploaded: UploadResult;
    let resumed = resume !== undefined;
    try {
      uploaded = await attempt(resume);
    } catch (error) {
      if (!(resume && uploadIsGone(error))) throw error;
      await journal.remove(identity);
      resumed = false;
      uploaded = await attempt(undefined);
    }
    await journal.remove(identity);
    return { ...uploaded, resumed, ...(prepared.redaction ? { redaction: prepared.redaction } : {}) };
  } catch (error) {
    if (failureKind(error) !== 'transient' && error instanceof MultipartUploadError) {
      await uploader.abortMultipart(error).catch(() => undefined);
      await journal.remove(identity);
    }
    throw error;
  } finally {
    await source.close();
    await prepared.dispose();
  }
}
