/**
 * The one error body every `@mv/*` API answers with: `{ "error": { "code", "message", "requestId", "details"? } }`.
 * `message` is safe to show the caller; `details` (when present) says which part of the request was wrong.
 */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

/**
 * What makes an error an HTTP answer: the edge's `HttpError`, or a package's own error class of the same shape (a
 * package keeps its one base error; its HTTP errors carry `statusCode` 400-599 and a `code`).
 */
export interface HttpErrorLike {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/**
 * The one error body for an error: `{ "error": { "code", "message", "requestId", "details"? } }`.
 *
 * @example
 * const body = errorBody(new HttpError(404, 'NotFound', 'No cat 7'), 'r-1');
 */
export function errorBody(error: HttpErrorLike, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      requestId,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

/**
 * Base of every error that becomes an HTTP answer. Its message crosses the trust boundary, so it names what to fix
 * and nothing internal; the cause stays in the logs.
 *
 * @example
 * throw new HttpError(409, 'Conflict', 'A cat with this external id already exists.');
 */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;
  /** Extra response headers (e.g. `www-authenticate` on a 401, `allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    statusCode: number,
    code: string,
    message: string,
    options?: ErrorOptions & { details?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options?.details;
    this.headers = options?.headers ?? {};
  }

  /** The wire form. */
  toJSON(requestId: string): ErrorBody {
    return errorBody(this, requestId);
  }
}

/**
 * 500: everything unexpected. The cause is logged; the caller only sees this message and the request id.
 *
 * @example
 * const answer = new InternalError({ cause: error });
 */
export class InternalError extends HttpError {
  constructor(options?: ErrorOptions) {
    super(500, 'InternalError', 'Internal error; retry later or quote the requestId', options);
    this.name = 'InternalError';
  }
}

/**
 * 413: the request body is larger than the endpoint accepts.
 *
 * @example
 * throw new PayloadTooLargeError(16 * 1024);
 */
export class PayloadTooLargeError extends HttpError {
  constructor(limit: number, what = 'request body') {
    super(413, 'PayloadTooLarge', `The ${what} is larger than ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * 400: the request cannot be read at all (bad percent-encoding, bad JSON, wrong content).
 *
 * @example
 * throw new BadRequestError('The body is not valid JSON.');
 */
export class BadRequestError extends HttpError {
  constructor(message: string, options?: ErrorOptions & { details?: unknown }) {
    super(400, 'BadRequest', message, options);
    this.name = 'BadRequestError';
  }
}

/**
 * 401: no credentials, or credentials that do not verify. Says no more than that.
 *
 * @example
 * throw new UnauthorizedError();
 */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Missing or invalid credentials', options?: ErrorOptions) {
    super(401, 'Unauthorized', message, { ...options, headers: { 'www-authenticate': 'Bearer' } });
    this.name = 'UnauthorizedError';
  }
}

/**
 * A setting in the environment is missing or wrong. Thrown once, at cold start; the message names the variable and
 * says what is expected, never echoing a secret value.
 *
 * @example
 * try { createHandler(); } catch (e) { if (e instanceof ConfigError) console.error(e.variable); }
 */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string, options?: ErrorOptions) {
    super(`${variable}: ${message}`, options);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}
