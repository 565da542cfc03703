import { z } from 'zod';

/** The eight attributes LookupEvents can filter on (one per call). */
export const LookupAttributeKey = z.enum([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);
/** @see LookupAttributeKey */
export type LookupAttributeKey = z.infer<typeof LookupAttributeKey>;

const Instant = z.union([z.string().min(1), z.date()]);

/**
 * A query of {@link LookupEventsSource.lookup} and {@link S3LogFileSource.read}: a time range (ISO strings or
 * Dates; default the last 24 hours), at most one lookup attribute, and bounds on the events returned and the time
 * spent.
 *
 * @example
 * const query: LookupQuery = { startTime: '2026-01-01T00:00:00Z', attribute: { key: 'Username', value: 'alice' } };
 */
export const LookupQuery = z.object({
  startTime: Instant.optional(),
  endTime: Instant.optional(),
  attribute: z.object({ key: LookupAttributeKey, value: z.string().min(1) }).optional(),
  maxEvents: z.number().int().positive().optional(),
  /**
   * Stop asking for more pages once this many milliseconds have passed (the first page is always read) and report
   * `truncated`: keeps a call inside an MCP client's or a Lambda function's timeout on long windows.
   */
  timeBudgetMs: z.number().int().nonnegative().optional(),
});
/** @see LookupQuery */
export type LookupQuery = z.infer<typeof LookupQuery>;
