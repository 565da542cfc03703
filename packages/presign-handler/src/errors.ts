import { ERROR_STATUS, type ErrorCode, type ErrorResponse } from '@mv/chat-log-client/contract';

/**
 * A setting in the environment (or in `createHandler` options) is missing or wrong. Thrown at cold start; the
 * message names the variable and says what is expected, never echoing secret values.
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

/**
 * An error that becomes an HTTP answer. Its message is safe to show the caller: it names what to fix and nothing
 * internal.
 */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** The request field a 400 is about. */
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions & { field?: string }) {
    super(message, options);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    this.field = options?.field;
  }

  /** The wire form, `{ error: { code, message, requestId, field? } }`. */
  toJSON(requestId: string): ErrorResponse {
    return {
      error: {
        code: this.code,
        message: this.message,
        requestId,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}

/** 400: the request body is not what the contract says; `field` names the offending field. */
export class BadRequestError extends HttpError {
  constructor(field: string, message: string, options?: ErrorOptions) {
    super('BadRequest', message, { ...options, field });
    this.name = 'BadRequestError';
  }
}

/** 401: no credentials, or credentials that do not verify. Deliberately says no more than that. */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Missing or invalid credentials', options?: ErrorOptions) {
    super('Unauthorized', message, options);
    this.name = 'UnauthorizedError';
  }
}

/** 403: authenticated, but not allowed to do this (another principal's key, a refused Origin). */
export class ForbiddenError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super('Forbidden', message, options);
    this.name = 'ForbiddenError';
  }
}

/** 405: anything but POST. */
export class MethodNotAllowedError extends HttpError {
  constructor(method: string) {
    super('MethodNotAllowed', `Method ${method.slice(0, 16)} is not allowed; use POST`);
    this.name = 'MethodNotAllowedError';
  }
}

/** 413: `contentLength` is over MAX_UPLOAD_BYTES. */
export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super('PayloadTooLarge', `contentLength is over the limit of ${limit} bytes`, { field: 'contentLength' });
    this.name = 'PayloadTooLargeError';
  }
}

/** 415: `contentType` is not in ALLOWED_CONTENT_TYPES. */
export class UnsupportedMediaTypeError extends HttpError {
  constructor(allowed: readonly string[]) {
    super('UnsupportedMediaType', `contentType must be one of: ${allowed.join(', ')}`, {
      field: 'contentType',
    });
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** 500: everything unexpected. The cause is logged; the caller only sees a generic message and the request id. */
export class InternalError extends HttpError {
  constructor(options?: ErrorOptions) {
    super('InternalError', 'Internal error; retry later or quote the requestId', options);
    this.name = 'InternalError';
  }
}
