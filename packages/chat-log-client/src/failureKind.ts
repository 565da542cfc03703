import {
  ChatLogNetworkError,
  ChatLogValidationError,
  IntegrityError,
  MultipartUploadError,
  PresignRequestError,
  S3TransferError,
} from './errors.js';

/**
 * What kind of failure an upload met, by what can be done about it:
 *
 * - `transient`: no answer, 5xx, 429/SlowDown, an expired URL. Trying again later can work (a spool keeps the log).
 * - `refused`: the presign endpoint refused the credentials (401/403), or S3 denied access (403). Fix the token
 *   or the permissions.
 * - `invalid`: the request was refused as it is (client validation, or the handler's 400/413/415). Trying again
 *   sends the same request.
 * - `rejected`: S3 refused the object for good (e.g. 404 NoSuchBucket, 400 BadDigest).
 * - `integrity`: bytes or an envelope did not verify.
 * - `failed`: anything else.
 *
 * @example
 * try {
 *   await uploader.robustUpload(bytes, { fileName, contentType });
 * } catch (error) {
 *   if (failureKind(error) === 'transient') await spool.add(bytes, { fileName, contentType });
 *   else throw error;
 * }
 */
export type FailureKind = 'transient' | 'refused' | 'invalid' | 'rejected' | 'integrity' | 'failed';

/** S3 refused because the presigned URL (or the role session that signed it) is past its time. @internal */
export function isExpired(error: unknown): boolean {
  if (!(error instanceof S3TransferError)) return false;
  if (error.code === 'ExpiredToken' || error.code === 'TokenRefreshRequired') return true;
  return error.status === 403 && error.code === 'AccessDenied' && /expired/i.test(error.message);
}

/** Worth trying again with the same request: no answer, 5xx, 429, SlowDown. @internal */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ChatLogNetworkError) return true;
  const status = error instanceof S3TransferError || error instanceof PresignRequestError ? error.status : 0;
  if (status === 429 || status >= 500) return true;
  return error instanceof S3TransferError && (error.code === 'SlowDown' || error.code === 'RequestTimeout');
}

/**
 * Classifies an error thrown by the uploader or downloader. See {@link FailureKind}.
 *
 * @example
 * failureKind(new PresignRequestError(401, 'Unauthorized', 'bad token')); // 'refused'
 */
export function failureKind(error: unknown): FailureKind {
  // A multipart failure carries the step's own error as its cause.
  if (error instanceof MultipartUploadError && error.cause !== undefined) return failureKind(error.cause);
  if (isRetryable(error) || isExpired(error)) return 'transient';
  if (error instanceof ChatLogValidationError) return 'invalid';
  if (error instanceof IntegrityError || (error as { name?: string } | null)?.name === 'EnvelopeError')
    return 'integrity';
  if (error instanceof PresignRequestError) {
    return error.status === 401 || error.status === 403 ? 'refused' : 'invalid';
  }
  if (error instanceof S3TransferError) return error.status === 403 ? 'refused' : 'rejected';
  return 'failed';
}
