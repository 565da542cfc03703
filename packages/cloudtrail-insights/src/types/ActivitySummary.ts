import { z } from 'zod';

/** A key and how many events had it. */
export const KeyCount = z.object({ key: z.string(), count: z.number().int() });
/** @see KeyCount */
export type KeyCount = z.infer<typeof KeyCount>;

/**
 * Counts over a set of events: by event name, identity, event source, error code, read vs write, and an
 * hour x weekday matrix (UTC; `hourByWeekday[0]` is Sunday, each row has 24 hours).
 *
 * @example
 * const summary = aggregateEvents(events);
 * summary.byEventName[0]; // { key: 'GetObject', count: 120 }
 */
export const ActivitySummary = z.object({
  total: z.number().int(),
  from: z.string().optional(),
  to: z.string().optional(),
  byEventName: z.array(KeyCount),
  byIdentity: z.array(KeyCount),
  byEventSource: z.array(KeyCount),
  byErrorCode: z.array(KeyCount),
  readWrite: z.object({ read: z.number().int(), write: z.number().int(), unknown: z.number().int() }),
  errors: z.number().int(),
  hourByWeekday: z.array(z.array(z.number().int())),
  flagged: z.array(KeyCount),
});
/** @see ActivitySummary */
export type ActivitySummary = z.infer<typeof ActivitySummary>;
