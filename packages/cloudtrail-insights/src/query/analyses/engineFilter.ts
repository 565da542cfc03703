import { resolveTimeRange } from '../../sources/timeRange.js';
import type { QueryEngine } from '../QueryEngine.js';
import { partitionDay, type ResolvedFilter } from '../QueryFilter.js';

/**
 * Applies an engine's defaults to a resolved filter: Athena never runs open-ended (no start means the 24 hours
 * before the end, as LookupEvents), so partition pruning always has a date range. @internal
 */
export function engineFilter(engine: QueryEngine, filter: ResolvedFilter): ResolvedFilter {
  if (!engine.needsWindow || (filter.start && filter.end)) return filter;
  const { start, end } = resolveTimeRange(filter.start, filter.end);
  return {
    ...filter,
    start,
    end,
    firstDay: partitionDay(start.getTime()),
    lastDay: partitionDay(end.getTime() + 86_400_000),
  };
}
