import { eventLookup } from '../query/analyses/eventLookup.js';
import type { QueryEngine } from '../query/QueryEngine.js';
import type { QueryFilter } from '../query/QueryFilter.js';
import type { LookupQuery } from '../types/LookupQuery.js';
import type { EventProvider } from './EventProvider.js';

/** An {@link EventProvider} backed by a query engine; tools that see `engine` aggregate there instead. */
export interface EngineProvider extends EventProvider {
  readonly engine: QueryEngine;
}

const ATTRIBUTE_FIELD = {
  Username: 'identity',
  EventName: 'eventName',
  EventSource: 'eventSource',
  EventId: 'eventId',
  AccessKeyId: 'accessKeyId',
  ResourceName: 'resourceName',
  ResourceType: 'resourceType',
} as const;

/**
 * A LookupEvents-style query as an engine filter (the attribute becomes the matching filter field).
 *
 * @example
 * toQueryFilter({ attribute: { key: 'EventName', value: 'StopLogging' } }); // { eventName: 'StopLogging' }
 */
export function toQueryFilter(query: LookupQuery): QueryFilter {
  const filter: QueryFilter = { startTime: query.startTime, endTime: query.endTime };
  const attribute = query.attribute;
  if (attribute?.key === 'ReadOnly') filter.readOnly = attribute.value === 'true';
  else if (attribute) filter[ATTRIBUTE_FIELD[attribute.key]] = attribute.value;
  return filter;
}

/**
 * Serves the MCP tools and the UI from a query engine: event pages come from the engine's lookup (newest first,
 * bounded by `maxEvents`), counts from its aggregations. Kind `files` for DuckDB over local files, `athena` for
 * Athena.
 *
 * @example
 * const provider = engineProvider(await DuckDbEngine.open({ root: './trail' }));
 */
export function engineProvider(engine: QueryEngine): EngineProvider {
  const fetch = async (query: LookupQuery) => {
    const max = Math.min(query.maxEvents ?? 10_000, 10_000);
    const { result } = await eventLookup(engine, toQueryFilter(query), { limit: max });
    return { events: result.events, truncated: result.hasMore, pages: 1 };
  };
  return {
    kind: engine.kind === 'athena' ? 'athena' : 'files',
    engine,
    fetch,
    async forEachPage(query, visit) {
      const { events, truncated } = await fetch(query);
      visit(events);
      return { truncated, pages: 1 };
    },
    close: () => engine.close(),
    async status() {
      return {
        source: engine.kind === 'athena' ? 'athena' : 'files',
        region: null,
        pacing: null,
        ...(await engine.status()),
      };
    },
  };
}
