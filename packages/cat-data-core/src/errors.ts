/**
 * Errors raised by `@mv/cat-data-core`. Each is a small `Error` subclass that sets `name`; the ones an API caller can
 * see carry an HTTP `statusCode`, a `code` and a `toJSON(requestId)` that says nothing internal; the HTTP edge
 * (`@mv/http-edge`) answers them with the one error body.
 */

import { type ErrorBody, errorBody } from '@mv/http-edge';
import type { RowProblem } from './import/ImportReport.js';

/**
 * Base class of every error this package throws on purpose.
 *
 * @example
 * try { await importCsv(repository, { bytes, mapping }); }
 * catch (error) { if (error instanceof CatDataError) console.error(error.message); }
 */
export class CatDataError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CatDataError';
  }
}

/**
 * An error an HTTP client may see: a status code and a message safe to show.
 *
 * @example
 * throw new HttpError(409, 'conflict', 'A cat with this external id already exists.');
 */
export class HttpError extends CatDataError {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;
  constructor(
    statusCode: number,
    code: string,
    message: string,
    options?: ErrorOptions & { details?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options?.details;
  }
  /** The response body, the one error body of the `@mv/*` APIs: `{ error: { code, message, requestId, details? } }`. */
  toJSON(requestId: string): ErrorBody {
    return errorBody(this, requestId);
  }
}

/**
 * The request is malformed (400): bad JSON, a parameter out of range, a body that fails its schema.
 *
 * @example
 * throw new ValidationError('limit must be between 1 and 500', { details: [{ path: 'limit' }] });
 */
export class ValidationError extends HttpError {
  constructor(message: string, options?: ErrorOptions & { details?: unknown }) {
    super(400, 'validation_failed', message, options);
    this.name = 'ValidationError';
  }
}

/**
 * No valid token was presented (401).
 *
 * @example
 * throw new UnauthorizedError();
 */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Sign in: a valid Cognito access or ID token is required.', options?: ErrorOptions) {
    super(401, 'unauthorized', message, options);
    this.name = 'UnauthorizedError';
  }
}

/**
 * The caller is signed in but not in a group allowed to do this (403).
 *
 * @example
 * throw new ForbiddenError('Only members of the "staff" group can add cats.');
 */
export class ForbiddenError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(403, 'forbidden', message, options);
    this.name = 'ForbiddenError';
  }
}

/**
 * The resource does not exist (404).
 *
 * @example
 * throw new NotFoundError('No cat with id 42.');
 */
export class NotFoundError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(404, 'not_found', message, options);
    this.name = 'NotFoundError';
  }
}

/**
 * The resource already exists or is in the wrong state (409).
 *
 * @example
 * throw new ConflictError('This import has already run.');
 */
export class ConflictError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(409, 'conflict', message, options);
    this.name = 'ConflictError';
  }
}

/**
 * The mapping file is invalid, or does not fit the CSV (unknown field, missing header, missing required field).
 *
 * @example
 * throw new ImportMappingError('The CSV has no column "Intake Date" (mapped to intakeDate).');
 */
export class ImportMappingError extends HttpError {
  constructor(message: string, options?: ErrorOptions & { details?: unknown }) {
    super(400, 'invalid_mapping', message, options);
    this.name = 'ImportMappingError';
  }
}

/**
 * The file could not be decoded (not UTF-8 nor Shift_JIS, or empty).
 *
 * @example
 * throw new CsvEncodingError('The file is neither valid UTF-8 nor Shift_JIS; save it as UTF-8 and retry.');
 */
export class CsvEncodingError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'invalid_encoding', message, options);
    this.name = 'CsvEncodingError';
  }
}

/**
 * The import was rejected as a whole (all-or-nothing mode) because some rows are invalid. Nothing was written;
 * `problems` lists every row-level reason. Fix the rows or re-run with `skipInvalid`.
 *
 * @example
 * catch (error) { if (error instanceof ImportRejectedError) console.table(error.problems); }
 */
export class ImportRejectedError extends HttpError {
  readonly problems: RowProblem[];
  constructor(problems: RowProblem[], options?: ErrorOptions) {
    const rows = new Set(problems.map((p) => p.line)).size;
    super(
      422,
      'import_rejected',
      `${rows} row(s) are invalid, so nothing was imported. Fix them, or import the valid rows only with --skip-invalid (skipInvalid: true).`,
      { ...options, details: problems.slice(0, 100) },
    );
    this.name = 'ImportRejectedError';
    this.problems = problems;
  }
}
