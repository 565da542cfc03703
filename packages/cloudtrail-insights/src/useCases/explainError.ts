import {
  BedrockModelError,
  CloudTrailThrottledError,
  InvalidQueryError,
  ModelOutputError,
} from '../errors.js';
import { QueryEngineError } from '../query/errors.js';
import { CloudTrailFileError } from '../sources/errors.js';

/** Errors whose message says what the caller can do and carries nothing internal. */
const SAFE_ERRORS = [
  InvalidQueryError,
  // Names the file (relative to the folder) and why it is not CloudTrail: the user's own data, nothing internal.
  CloudTrailFileError,
  CloudTrailThrottledError,
  BedrockModelError,
  ModelOutputError,
  QueryEngineError,
];

/** What a caller across a trust boundary may read of an error; `internal` ones belong in the server log. */
export interface ExplainedError {
  message: string;
  internal: boolean;
}

/**
 * The message of an error as a use case's caller may see it: a known error's own message, the AWS error name with
 * what to check, or only "internal error" (never a stack trace, a raw service response or a credential).
 *
 * @example
 * const { message, internal } = explainError(caught);
 * if (internal) console.error(caught);
 */
export function explainError(error: unknown): ExplainedError {
  if (isSafeError(error)) return { message: error.message, internal: false };
  const text = error instanceof Error ? error.message : '';
  if (/Region is missing/i.test(text))
    return { message: 'the server has no AWS Region configured (set AWS_REGION)', internal: true };
  if (/Could not load credentials/i.test(text))
    return { message: 'the server found no AWS credentials', internal: true };
  if (error && typeof error === 'object' && '$metadata' in error) {
    const name = (error as { name?: string }).name;
    return {
      message: `AWS refused the call (${name}); check the server's IAM permissions and Region`,
      internal: true,
    };
  }
  return { message: 'internal error; see the server logs', internal: true };
}

/**
 * Whether {@link explainError} passes the error's own message on.
 * @internal
 */
export function isSafeError(error: unknown): error is Error {
  return SAFE_ERRORS.some((kind) => error instanceof kind);
}
