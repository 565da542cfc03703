import { eventLookup } from '../query/analyses/eventLookup.js';
import type { QueryEngine } from '../query/QueryEngine.js';
import type { EventProvider } from '../sources/EventProvider.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import type { InsightsOptions } from './InsightsOptions.js';
import type { QueryCost } from './QueryCost.js';
import { toLookupQuery, toQueryFilter, type WindowArgs } from './windowQuery.js';

/** Events an engine returns per read (its page bound). */
const ENGINE_PAGE_LIMIT = 10_000;

/** Events of a window, newest first, and whether the read stopped early. */
export interface WindowEvents {
  events: ParsedEvent[];
  truncated: boolean;
  pages: number;
  /** What the engine's query cost (Athena, DuckDB). */
  stats?: QueryCost;
}

/**
 * The query engine behind a provider (Athena, DuckDB), if any: counts then happen in the engine.
 * @internal
 */
export function engineOf(provider: EventProvider): QueryEngine | undefined {
  return (provider as { engine?: QueryEngine }).engine;
}

/**
 * Reads the newest `maxEvents` events of a window: from the engine when the provider has one (any combination of
 * filters, at most 10 000 events), else from the provider (one LookupEvents attribute filter, paced, within the
 * time budget).
 *
 * @example
 * const { events, truncated } = await readEvents({ provider }, { startTime: '2024-07-01T00:00:00Z' }, 20_000);
 */
export async function readEvents(
  options: InsightsOptions,
  window: WindowArgs,
  maxEvents: number,
): Promise<WindowEvents> {
  const engine = engineOf(options.provider);
  if (engine) {
    const limit = Math.min(maxEvents, ENGINE_PAGE_LIMIT);
    const { result, stats } = await eventLookup(engine, toQueryFilter(window), { limit });
    return { events: result.events, truncated: result.hasMore, pages: 1, stats };
  }
  return options.provider.fetch(toLookupQuery(window, maxEvents, options.toolTimeBudgetMs));
}
