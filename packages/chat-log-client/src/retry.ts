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
