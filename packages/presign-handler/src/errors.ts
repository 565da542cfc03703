import { ERROR_STATUS, type ErrorCode, type ErrorResponse } from '@mv/chat-log-contract';
import { HttpError as EdgeHttpError } from '@mv/http-edge';

export { ConfigError } from '@mv/http-edge';

/**
 * An error that becomes an HTTP answer, in the edge's one error body. Its message is safe to show the caller: it
 * names what to fix and nothing internal. A 400 names the offending request field in `details.field` (and, for
 * clients written against 0.1, in `field`).
 */
export class HttpError extends EdgeHttpError {
  declare readonly code: ErrorCode;
  /** The request field a 400 is about. */
  readonly field: string | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    options?: ErrorOptions & { field?: string; headers?: Record<string, string> },
  ) {
    super(ERROR_STATUS[code], code, message, {
      ...options,
      ...(options?.field === undefined ? {} : { details: { field: options.field } }),
    });
    this.name = 'HttpError';
    this.field = options?.field;
  }

  /** The wire form, `{ error: { code, message, requestId, details?: { field }, field? } }`. */
  override toJSON(requestId: string): ErrorResponse {
    const body = super.toJSON(requestId) as ErrorResponse;
    if (this.field !== undefined) body.error.field = this.field;
    return body;
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
    super('Unauthorized', message, { ...options, headers: { 'www-authenticate': 'Bearer' } });
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
    super('MethodNotAllowed', `Method ${method.slice(0, 16)} is not allowed; use POST`, {
      headers: { allow: 'POST' },
    });
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

/** 413: the parts stored for a multipart upload go beyond what its create announced; it will not be completed. */
export class UploadExceedsPlanError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super('PayloadTooLarge', message, { ...options, field: 'uploadId' });
    this.name = 'UploadExceedsPlanError';
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
