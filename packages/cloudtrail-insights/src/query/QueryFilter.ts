import { z } from 'zod';
import { InvalidQueryError } from '../errors.js';

// Athena takes execution parameters of at most 1024 characters, quotes included.
const Value = z.string().min(1).max(1000);

/**
 * What every analysis can be narrowed to: a time window, accounts and Regions (partition pruning on Athena, file
 * pruning on DuckDB) and the LookupEvents attributes. Every value reaches an engine as a bound parameter.
 * `identity` matches the normalised identity, the user name or the role name, as LookupEvents' `Username` does.
 *
 * @example
 * const filter = QueryFilter.parse({ startTime: '2026-01-01T00:00:00Z', accountIds: ['111122223333'] });
 */
export const QueryFilter = z.object({
  startTime: z.union([Value, z.date()]).optional(),
  endTime: z.union([Value, z.date()]).optional(),
  accountIds: z.array(Value).min(1).max(200).optional(),
  regions: z.array(Value).min(1).max(50).optional(),
  identity: Value.optional(),
  eventName: Value.optional(),
  eventSource: Value.optional(),
  eventId: Value.optional(),
  accessKeyId: Value.optional(),
  errorCode: Value.optional(),
  resourceName: Value.optional(),
  resourceType: Value.optional(),
  readOnly: z.boolean().optional(),
});
/** @see QueryFilter */
export type QueryFilter = z.infer<typeof QueryFilter>;

/** A {@link QueryFilter} with its window as Dates and the partition days (`yyyy/MM/dd`) it may touch. @internal */
export type ResolvedFilter = Omit<QueryFilter, 'startTime' | 'endTime'> & {
  start?: Date;
  end?: Date;
  firstDay?: string;
  lastDay?: string;
};

const DAY_MS = 86_400_000;

function toDate(value: string | Date | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidQueryError(`${name} is not a valid date: use ISO 8601 such as 2026-01-31T09:00:00Z`);
  return date;
}

/** `yyyy/MM/dd` of a time in UTC, the trail's folder (and projection) format. @internal */
export function partitionDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10).replaceAll('-', '/');
}

/**
 * Checks a filter and resolves its window. The last partition day is the day after the window: CloudTrail
 * delivers a file minutes after its events, so an event of 23:59 can sit in the next day's folder.
 *
 * @example
 * resolveFilter({ startTime: '2026-01-31T00:00:00Z', endTime: '2026-01-31T12:00:00Z' }).lastDay; // '2026/02/01'
 */
export function resolveFilter(input: QueryFilter): ResolvedFilter {
  const parsed = QueryFilter.safeParse(input);
  if (!parsed.success) throw new InvalidQueryError(`invalid filter: ${z.prettifyError(parsed.error)}`);
  const { startTime, endTime, ...rest } = parsed.data;
  const start = toDate(startTime, 'startTime');
  const end = toDate(endTime, 'endTime');
  if (start && end && start.getTime() > end.getTime())
    throw new InvalidQueryError('startTime must not be after endTime');
  return {
    ...rest,
    start,
    end,
    firstDay: start ? partitionDay(start.getTime()) : undefined,
    lastDay: end ? partitionDay(end.getTime() + DAY_MS) : undefined,
  };
}
