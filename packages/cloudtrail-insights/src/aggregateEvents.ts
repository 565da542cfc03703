import type { ActivitySummary, KeyCount } from './types/ActivitySummary.js';
import type { InsightEvent } from './types/CloudTrailRecord.js';

/** A mutable count: one Map lookup per increment (no `set` once the key is known). */
interface Counter {
  n: number;
}

function bump(map: Map<string, Counter>, key: string): void {
  const counter = map.get(key);
  if (counter === undefined) map.set(key, { n: 1 });
  else counter.n++;
}

function counts(map: Map<string, Counter>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, counter] of map) out.set(key, counter.n);
  return out;
}

/** Sorted by count (descending), then key, so equal inputs give equal outputs. @internal */
export function sortedCounts(map: Map<string, number>, limit = Number.POSITIVE_INFINITY): KeyCount[] {
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
}

/** Options of {@link aggregateEvents}. */
export interface AggregateOptions {
  /** Keep only the top N keys of each count list (default: all). */
  top?: number;
}

/**
 * Incremental form of {@link aggregateEvents}: add events as they stream in (pages, files), read the summary
 * at any time. Holds counts only, never the events.
 *
 * @example
 * const aggregator = new ActivityAggregator();
 * for await (const page of source.pages(query)) aggregator.addAll(page.events);
 * aggregator.summary().byEventName;
 */
export class ActivityAggregator {
  private readonly byEventName = new Map<string, Counter>();
  private readonly byIdentity = new Map<string, Counter>();
  private readonly byEventSource = new Map<string, Counter>();
  private readonly byErrorCode = new Map<string, Counter>();
  private readonly flagged = new Map<string, Counter>();
  private readonly hourByWeekday = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  private readonly readWrite = { read: 0, write: 0, unknown: 0 };
  private total = 0;
  private errors = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  /** Counts one event. */
  add(event: InsightEvent): void {
    this.total++;
    bump(this.byEventName, event.eventName);
    bump(this.byIdentity, event.identity);
    bump(this.byEventSource, event.eventSource);
    if (event.errorCode) {
      this.errors++;
      bump(this.byErrorCode, event.errorCode);
    }
    if (event.readOnly === true) this.readWrite.read++;
    else if (event.readOnly === false) this.readWrite.write++;
    else this.readWrite.unknown++;
    const flags = event.flags;
    for (let i = 0; i < flags.length; i++) bump(this.flagged, flags[i]!);
    const t = event.timestamp;
    if (t > 0) {
      // 1970-01-01 was a Thursday (4); integer arithmetic avoids a Date per event.
      const row = this.hourByWeekday[(Math.floor(t / 86_400_000) + 4) % 7]!;
      row[Math.floor(t / 3_600_000) % 24]!++;
      if (t < this.min) this.min = t;
      if (t > this.max) this.max = t;
    }
  }

  /** Counts every event of an iterable. */
  addAll(events: Iterable<InsightEvent>): void {
    if (Array.isArray(events)) {
      for (let i = 0; i < events.length; i++) this.add(events[i]!);
      return;
    }
    for (const event of events) this.add(event);
  }

  /** The counts so far. */
  summary(options: AggregateOptions = {}): ActivitySummary {
    const top = options.top;
    return {
      total: this.total,
      from: Number.isFinite(this.min) ? new Date(this.min).toISOString() : undefined,
      to: Number.isFinite(this.max) ? new Date(this.max).toISOString() : undefined,
      byEventName: sortedCounts(counts(this.byEventName), top),
      byIdentity: sortedCounts(counts(this.byIdentity), top),
      byEventSource: sortedCounts(counts(this.byEventSource), top),
      byErrorCode: sortedCounts(counts(this.byErrorCode), top),
      readWrite: { ...this.readWrite },
      errors: this.errors,
      hourByWeekday: this.hourByWeekday.map((row) => [...row]),
      flagged: sortedCounts(counts(this.flagged)),
    };
  }
}

/**
 * Counts events by event name, identity, event source, error code, read vs write, and hour x weekday (UTC).
 * One pass, no sorting of the events themselves; works on any iterable (an array or a generator).
 *
 * @example
 * const summary = aggregateEvents(parseCloudTrail(text));
 * console.log(summary.byIdentity.slice(0, 5), summary.readWrite);
 */
export function aggregateEvents(
  events: Iterable<InsightEvent>,
  options: AggregateOptions = {},
): ActivitySummary {
  const aggregator = new ActivityAggregator();
  aggregator.addAll(events);
  return aggregator.summary(options);
}
