import { z } from 'zod';
import { ActivityAggregator } from '../aggregateEvents.js';
import { activitySummary } from '../query/analyses/activitySummary.js';
import { type ActivitySummary, KeyCount } from '../types/ActivitySummary.js';
import type { InsightsOptions } from './InsightsOptions.js';
import { QueryCost } from './QueryCost.js';
import { engineOf } from './readEvents.js';
import { toLookupQuery, toQueryFilter, type WindowArgs } from './windowQuery.js';

/**
 * Calls of a window counted by event name, identity and event source, most frequent first.
 *
 * @example
 * const { total, eventNames } = NameCounts.parse(await eventNameCounts(options, {}));
 */
export const NameCounts = z.object({
  total: z.number().int(),
  truncated: z.boolean(),
  pages: z.number().int(),
  eventNames: z.array(KeyCount),
  identities: z.array(KeyCount),
  eventSources: z.array(KeyCount),
  stats: QueryCost.optional(),
});
/** @see NameCounts */
export type NameCounts = z.infer<typeof NameCounts>;

/** What {@link eventNameCounts} reads. */
export interface NameCountInput extends WindowArgs {
  /** Bound on events read from LookupEvents (default 100 000); an engine counts the whole window. */
  maxEvents?: number;
}

/**
 * Counts the calls of the whole window: in the engine when there is one, else page by page from the provider
 * without keeping the events.
 *
 * @example
 * const { eventNames } = await eventNameCounts({ provider }, { startTime: '2024-07-01T00:00:00Z' });
 */
export async function eventNameCounts(options: InsightsOptions, input: NameCountInput): Promise<NameCounts> {
  const { maxEvents, ...window } = input;
  const engine = engineOf(options.provider);
  if (engine) {
    const { result, stats } = await activitySummary(engine, toQueryFilter(window));
    return { ...countsOf(result), truncated: false, pages: 1, stats };
  }
  const aggregator = new ActivityAggregator();
  const { truncated, pages } = await options.provider.forEachPage(
    toLookupQuery(window, maxEvents ?? 100_000, options.toolTimeBudgetMs),
    (events) => aggregator.addAll(events),
  );
  return { ...countsOf(aggregator.summary()), truncated, pages };
}

function countsOf(summary: ActivitySummary) {
  return {
    total: summary.total,
    eventNames: summary.byEventName,
    identities: summary.byIdentity,
    eventSources: summary.byEventSource,
  };
}
