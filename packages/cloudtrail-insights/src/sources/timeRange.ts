import { InvalidQueryError } from '../errors.js';

/** Default window when no start is given. */
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

function toDate(value: string | Date | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidQueryError(`${name} is not a valid date: use ISO 8601 such as 2026-01-31T09:00:00Z`);
  }
  return date;
}

/**
 * Resolves a query's time range once, so every page of a paginated lookup uses the same Start/End.
 * Defaults: end now, start 24 hours before the end.
 *
 * @example
 * const { start, end } = resolveTimeRange('2026-01-01T00:00:00Z', undefined);
 */
export function resolveTimeRange(
  startTime: string | Date | undefined,
  endTime: string | Date | undefined,
  now: () => number = Date.now,
): { start: Date; end: Date } {
  const end = toDate(endTime, 'endTime') ?? new Date(now());
  const start = toDate(startTime, 'startTime') ?? new Date(end.getTime() - DEFAULT_WINDOW_MS);
  if (start.getTime() > end.getTime()) throw new InvalidQueryError('startTime must not be after endTime');
  return { start, end };
}
