import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import type { LookupQuery } from '../types/LookupQuery.js';
import type { LookupEventsSource } from './LookupEventsSource.js';
import { matchesAttribute } from './matchesAttribute.js';
import { readCloudTrailFiles } from './readCloudTrailFiles.js';
import type { S3LogFileSource } from './S3LogFileSource.js';
import { resolveTimeRange } from './timeRange.js';

/** What the MCP tools and the UI read events from. */
export interface EventProvider {
  /** `lookup-events`, `s3` or `files`. */
  readonly kind: string;
  /** Events of the query (all pages), bounded by `maxEvents`. */
  fetch(query: LookupQuery): Promise<{ events: ParsedEvent[]; truncated: boolean; pages: number }>;
  /** Visits pages without keeping them (counts over long windows). */
  forEachPage(
    query: LookupQuery,
    visit: (events: ParsedEvent[]) => void,
  ): Promise<{ truncated: boolean; pages: number }>;
  /** Region, pacing and whatever else describes the source (for `cloudtrail://status`). */
  status(): Promise<Record<string, unknown>>;
  /** Releases what the source holds (a DuckDB engine's memory and spill folder); servers call it on shutdown. */
  close?(): Promise<void>;
}

/**
 * Reads from CloudTrail LookupEvents (paced, paginated, retried).
 *
 * @example
 * const provider = lookupEventsProvider(new LookupEventsSource());
 */
export function lookupEventsProvider(source: LookupEventsSource): EventProvider {
  return {
    kind: 'lookup-events',
    async fetch(query) {
      const { events, truncated, pages } = await source.lookup(query);
      return { events, truncated, pages };
    },
    async forEachPage(query, visit) {
      const iterator = source.pages(query);
      let pages = 0;
      let step = await iterator.next();
      while (!step.done) {
        pages++;
        visit(step.value.events);
        step = await iterator.next();
      }
      return { truncated: step.value.truncated, pages };
    },
    async status() {
      let region: string | undefined;
      try {
        region = await source.region();
      } catch {
        region = undefined;
      }
      return {
        source: 'lookup-events',
        region: region ?? null,
        pacing: region ? await source.pacingState() : null,
      };
    },
  };
}

function inMemory(
  kind: string,
  load: (query: LookupQuery) => Promise<{ events: ParsedEvent[]; truncated: boolean }>,
  extra: Record<string, unknown>,
): EventProvider {
  const select = async (query: LookupQuery) => {
    const { events: all, truncated: cut } = await load(query);
    // Local data has no "now": an open end of the range stays open.
    const { start, end } = resolveTimeRange(
      query.startTime ?? new Date(0),
      query.endTime ?? new Date(8.64e15),
    );
    const from = start.getTime();
    const to = end.getTime();
    const matching = all.filter(
      (e) => e.timestamp >= from && e.timestamp <= to && matchesAttribute(e, query.attribute),
    );
    // Newest first, as LookupEvents returns them.
    matching.sort((a, b) => b.timestamp - a.timestamp);
    const max = query.maxEvents ?? Number.POSITIVE_INFINITY;
    return { events: matching.slice(0, max), truncated: cut || matching.length > max, pages: 1 };
  };
  return {
    kind,
    fetch: select,
    async forEachPage(query, visit) {
      const { events, truncated } = await select(query);
      visit(events);
      return { truncated, pages: 1 };
    },
    async status() {
      return { source: kind, region: null, pacing: null, ...extra };
    },
  };
}

/**
 * Reads from local CloudTrail files (a file or directory). Without a time range, every event is in range.
 *
 * @example
 * const provider = filesProvider('../shared/data/cloudtrail');
 */
export function filesProvider(path: string): EventProvider {
  let cache: Promise<ParsedEvent[]> | undefined;
  const load = async () => {
    cache ??= readCloudTrailFiles(path);
    return { events: await cache, truncated: false };
  };
  return inMemory('files', load, { path });
}

/**
 * Reads a trail's log files from S3 (windows longer than LookupEvents' 90 days). Default window: last 24 hours.
 * The source's bounds hold: its window limit, and its default `maxEvents` on the events read per call (a cut
 * read reports `truncated`).
 *
 * @example
 * const provider = s3Provider(new S3LogFileSource({ bucket: 'trail-bucket' }));
 */
export function s3Provider(source: S3LogFileSource): EventProvider {
  return inMemory(
    's3',
    async (query) => {
      const { start, end } = resolveTimeRange(query.startTime, query.endTime);
      // The read keeps its own bound (the caller's filter and newest-first cut apply after it).
      return source.read({ startTime: start, endTime: end });
    },
    {},
  );
}
