/**
 * Base class of every error this package throws. Messages never contain presigned URLs or tokens, so they are
 * safe to log.
 */
export class ChatLogError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChatLogError';
  }
}

/** The input was refused before anything was sent; `field` names what to fix. */
export class ChatLogValidationError extends ChatLogError {
  readonly field: string;
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChatLogValidationError';
    this.field = field;
  }
}

/** The presign endpoint answered with an error (`{ error: { code, message, requestId } }`). */
export class PresignRequestError extends ChatLogError {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly field: string | undefined;
  constructor(
    status: number,
    code: string,
    message: string,
    details: { requestId?: string | undefined; field?: string | undefined } = {},
  ) {
    super(`Presign request failed (${status} ${code}): ${message}`);
    this.name = 'PresignRequestError';
    this.status = status;
    this.code = code;
    this.requestId = details.requestId;
    this.field = details.field;
  }
}

/** S3 answered a presigned request with an error. `code` is S3's (`AccessDenied`, `SlowDown`, ...). */
export class S3TransferError extends ChatLogError {
  readonly status: number;
  readonly code: string;
  /** What S3's `Retry-After` asked for, in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, code: string, message: string, retryAfterMs?: number) {
    super(`S3 answered ${status} ${code}${message ? `: ${message}` : ''}`);
    this.name = 'S3TransferError';
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The request never got an answer: connection refused or reset, DNS, or the timeout. */
export class ChatLogNetworkError extends ChatLogError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChatLogNetworkError';
  }
}

/** The bytes received do not match the SHA-256 stored with the object. */
export class IntegrityError extends ChatLogError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IntegrityError';
  }
}

/**
 * A multipart upload failed; `s3Key` and `uploadId` let `MultipartOptions.resume` continue it.
 *
 * @example
 * catch (error) { if (error instanceof MultipartUploadError) await uploader.uploadSource(source, { ...metadata, resume: error }); }
 */
export class MultipartUploadError extends ChatLogError {
  readonly s3Key: string;
  readonly uploadId: string;
  constructor(message: string, state: { s3Key: string; uploadId: string }, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MultipartUploadError';
    this.s3Key = state.s3Key;
    this.uploadId = state.uploadId;
  }
}
