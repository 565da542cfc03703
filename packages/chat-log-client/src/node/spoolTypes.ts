import type { ChatLogUploader } from '../ChatLogUploader.js';
import type { PresignResponse } from '../contract.js';
import type { FailureKind } from '../failureKind.js';
import type { MultipartState } from '../MultipartUpload.js';
import type { RedactOptions } from '../redaction/redactSecrets.js';

/** Options of {@link ChatLogSpool}. */
export interface ChatLogSpoolOptions {
  /** Where spooled logs live (created if missing; keep it on a local disk). */
  directory: string;
  /** Needed to upload (`flush`, `uploadOrSpool`); `list` and `deadLetters` work without one. */
  uploader?: ChatLogUploader;
  /**
   * Backoff between attempts of one log, the uploader's policy: a random wait up to a ceiling that doubles from
   * `baseDelayMs` (default 5 s) up to `maxDelayMs` (1 h) (full jitter).
   */
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
  /**
   * Logs that stay in the spool: a `transient` failure (retried later), or `refused` credentials (fix the token;
   * the flush stops there, as every other log would be refused too).
   */
  failed: { id: string; error: string; kind: FailureKind }[];
  /** Logs that failed for good, moved to the dead-letter folder (see `ChatLogSpool.deadLetters()`). */
  deadLettered: { id: string; reason: string; kind: FailureKind }[];
  /** Logs still in the spool (failed ones and those waiting for their next attempt). */
  pending: number;
}

/** A spooled log that failed for good: kept in `dead-letter/`, with the reason, out of the way of flushes. */
export interface DeadLetter extends SpooledLog {
  deadLetter: {
    /** What went wrong (the error's name and message; never a URL or token). */
    reason: string;
    kind: FailureKind;
    at: string;
  };
}
