import { CloudTrailParseError, InvalidQueryError } from '../errors.js';

/**
 * A time window longer than a source reads in one call. The message names the limit and how to raise it.
 *
 * @example
 * catch (e) { if (e instanceof WindowTooLongError) console.error(`at most ${e.limitDays} days`); }
 */
export class WindowTooLongError extends InvalidQueryError {
  constructor(
    readonly requestedDays: number,
    readonly limitDays: number,
    options?: ErrorOptions,
  ) {
    super(
      `the time window spans ${requestedDays} days; S3LogFileSource reads at most ${limitDays} days per call ` +
        '(narrow startTime/endTime, read in steps, or raise maxWindowDays; Athena suits longer windows)',
      options,
    );
    this.name = 'WindowTooLongError';
  }
}

/**
 * A CloudTrail file that cannot be used: not CloudTrail at all, or larger than the decompressed-size cap. The
 * message names the file (relative to the folder or bucket that was configured) and says what is wrong. It carries
 * an HTTP status and code, so the web UI answers with this message instead of a generic internal error.
 *
 * @example
 * catch (e) { if (e instanceof CloudTrailFileError) console.error(e.file, e.message); }
 */
export class CloudTrailFileError extends CloudTrailParseError {
  readonly statusCode: number = 422;
  readonly code: string = 'UnreadableCloudTrailFile';
  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${reason}`, options);
    this.name = 'CloudTrailFileError';
  }
}

/**
 * A log file that decompresses to more than the per-file cap (a gzip bomb, or a file CloudTrail never writes).
 *
 * @example
 * catch (e) { if (e instanceof LogFileTooLargeError) console.error(e.file, e.limitBytes); }
 */
export class LogFileTooLargeError extends CloudTrailFileError {
  constructor(
    file: string,
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(
      file,
      `decompresses to more than ${limitBytes} bytes, the per-file limit (maxFileBytes); CloudTrail log files are far smaller, so this is not a log file as CloudTrail writes it`,
      options,
    );
    this.name = 'LogFileTooLargeError';
  }
}
