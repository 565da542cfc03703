import { S3TransferError } from './errors.js';
import { failureKind, isExpired } from './failureKind.js';

/** How hard to try. Delays use exponential backoff with full jitter. */
export interface RetryOptions {
  /** Total attempts, the first included (default 3). */
  attempts?: number;
  /** Base of the exponential backoff in ms (default 200). */
  baseDelayMs?: number;
  /** Cap of one delay in ms (default 5000). */
  maxDelayMs?: number;
}

/** @internal */
export interface ResolvedRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** @internal */
export function resolveRetry(options: RetryOptions | undefined): ResolvedRetry {
  const attempts = options?.attempts ?? 3;
  const baseDelayMs = options?.baseDelayMs ?? 200;
  const maxDelayMs = options?.maxDelayMs ?? 5000;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError('retry.attempts must be an integer >= 1');
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= baseDelayMs)) {
    throw new RangeError('retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
  }
  return { attempts, baseDelayMs, maxDelayMs };
}

/**
 * Full-jitter backoff: a random delay in [0, min(max, base * 2^(attempt-1))], at least what `Retry-After` asked
 * for (capped at the maximum).
 * @internal
 */
export function backoffDelay(retry: ResolvedRetry, attempt: number, retryAfterMs?: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.random() * ceiling;
  return Math.min(retry.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms. @internal */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Waits `ms`, or rejects as soon as `signal` aborts. @internal */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * What to do after a failed attempt: `fail` (throw it), `backoff` (wait, then try again), `now` (try again at
 * once, e.g. with a fresh URL), or `{ settled }` (stop: this is the answer after all). @internal
 */
export type NextStep<T> = 'fail' | 'backoff' | 'now' | { settled: T };

/** How {@link withRetries} runs. @internal */
export interface RetryRun<T> {
  signal?: AbortSignal | undefined;
  /** At least this many attempts (default: the policy's). */
  minAttempts?: number;
  /**
   * Decides the next step for one failure; `undefined` leaves it to the policy (transient failures back off,
   * others fail). `last` says no attempt is left, so only `settled` still changes the outcome.
   */
  onFailure?: (
    error: unknown,
    at: { attempt: number; last: boolean },
  ) => NextStep<T> | undefined | Promise<NextStep<T> | undefined>;
}

/**
 * The one retry loop of the package: bounded attempts, full-jitter backoff (at least S3's `Retry-After`), and only
 * transient failures (see `failureKind`) retried unless `onFailure` says otherwise. An aborted signal stops it.
 * @internal
 *
 * @example
 * const answer = await withRetries(client.retry, () => client.presignOnce(request, signal), { signal });
 */
export async function withRetries<T>(
  retry: ResolvedRetry,
  attemptOnce: (attempt: number) => Promise<T>,
  run: RetryRun<T> = {},
): Promise<T> {
  const attempts = Math.max(retry.attempts, run.minAttempts ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(attempt);
    } catch (error) {
      if (run.signal?.aborted) throw error;
      const last = attempt >= attempts;
      const next =
        (await run.onFailure?.(error, { attempt, last })) ??
        (failureKind(error) === 'transient' ? 'backoff' : 'fail');
      if (typeof next === 'object') return next.settled;
      if (last || next === 'fail') throw error;
      if (next === 'backoff') {
        const asked = error instanceof S3TransferError ? error.retryAfterMs : undefined;
        await sleep(backoffDelay(retry, attempt, asked), run.signal);
      }
    }
  }
}

/**
 * {@link withRetries} for a step over a presigned request: the request is signed once, and signed again whenever
 * S3 says it expired. @internal
 *
 * @example
 * const text = await retrySigned(client.retry, () => client.presign(request), async (p) => (await client.s3(p, {})).text());
 */
export async function retrySigned<P, T>(
  retry: ResolvedRetry,
  sign: () => Promise<P>,
  step: (presigned: P) => Promise<T>,
  run: RetryRun<T> = {},
): Promise<T> {
  let presigned = await sign();
  return withRetries(retry, () => step(presigned), {
    ...run,
    onFailure: async (error, at) => {
      if (!isExpired(error)) return run.onFailure?.(error, at);
      if (!at.last) presigned = await sign();
      return 'now';
    },
  });
}
