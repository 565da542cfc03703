import { z } from 'zod';
import { CloudTrailRecord, InsightEvent } from '../types/CloudTrailRecord.js';
import type { InsightsOptions } from './InsightsOptions.js';
import { QueryCost } from './QueryCost.js';
import { readEvents } from './readEvents.js';
import type { WindowArgs } from './windowQuery.js';

/**
 * Events of a window, newest first: the full CloudTrail record only when asked for.
 *
 * @example
 * EventList.parse(await lookupEvents(options, { eventName: 'StopLogging' })).events[0]?.identity;
 */
export const EventList = z.object({
  count: z.number().int(),
  truncated: z.boolean(),
  pages: z.number().int(),
  events: z.array(InsightEvent.extend({ record: CloudTrailRecord.optional() })),
  stats: QueryCost.optional(),
});
/** @see EventList */
export type EventList = z.infer<typeof EventList>;

/** What {@link lookupEvents} reads. */
export interface LookupInput extends WindowArgs {
  /** Events to return (default 50). */
  maxResults?: number;
  /** Include the full CloudTrail record of each event (default false). */
  includeRaw?: boolean;
}

/**
 * Looks up the newest events of a window (every page, up to `maxResults`) and says whether more were left.
 *
 * @example
 * const { count, truncated } = await lookupEvents({ provider }, { username: 'alice', maxResults: 100 });
 */
export async function lookupEvents(options: InsightsOptions, input: LookupInput): Promise<EventList> {
  const { maxResults, includeRaw, ...window } = input;
  const { events, truncated, pages, stats } = await readEvents(options, window, maxResults ?? 50);
  return {
    count: events.length,
    truncated,
    pages,
    events: events.map(({ record, ...event }) => (includeRaw ? { ...event, record } : event)),
    ...(stats ? { stats } : {}),
  };
}
