import { describe, expect, it } from 'vitest';
import { ActivityAggregator, aggregateEvents } from '../../src/index.js';
import { FIXTURE_DIR, fixtureEvents, rawRecords } from '../support/fixtures.js';

function countBy(
  records: Record<string, unknown>[],
  key: (r: Record<string, unknown>) => string | undefined,
) {
  const counts = new Map<string, number>();
  for (const r of records) {
    const k = key(r);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

describe('aggregateEvents on the real events', () => {
  const records = rawRecords(FIXTURE_DIR);
  const summary = aggregateEvents(fixtureEvents());

  it('counts by event name, event source and error code as the raw files do', () => {
    expect(summary.total).toBe(records.length);
    expect(new Map(summary.byEventName.map((c) => [c.key, c.count]))).toEqual(
      countBy(records, (r) => String(r.eventName)),
    );
    expect(new Map(summary.byEventSource.map((c) => [c.key, c.count]))).toEqual(
      countBy(records, (r) => String(r.eventSource)),
    );
    expect(new Map(summary.byErrorCode.map((c) => [c.key, c.count]))).toEqual(
      countBy(records, (r) => (r.errorCode ? String(r.errorCode) : undefined)),
    );
    expect(summary.errors).toBe(records.filter((r) => r.errorCode).length);
  });

  it('sorts counts descending and sums identities to the total', () => {
    const counts = summary.byEventName.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(summary.byIdentity.reduce((n, c) => n + c.count, 0)).toBe(records.length);
  });

  it('splits read and write like the readOnly field', () => {
    expect(summary.readWrite).toEqual({
      read: records.filter((r) => r.readOnly === true).length,
      write: records.filter((r) => r.readOnly === false).length,
      unknown: 0,
    });
  });

  it('fills the hour x weekday matrix in UTC', () => {
    expect(summary.hourByWeekday).toHaveLength(7);
    expect(summary.hourByWeekday.flat().reduce((a, b) => a + b, 0)).toBe(records.length);
    const first = new Date(String(records[0]!.eventTime));
    expect(summary.hourByWeekday[first.getUTCDay()]![first.getUTCHours()]).toBeGreaterThan(0);
    expect(summary.from! <= summary.to!).toBe(true);
  });

  it('keeps only the top N keys when asked', () => {
    expect(aggregateEvents(fixtureEvents(), { top: 2 }).byEventName).toEqual(summary.byEventName.slice(0, 2));
  });

  it('gives the same summary incrementally, page by page', () => {
    const events = fixtureEvents();
    const aggregator = new ActivityAggregator();
    for (let i = 0; i < events.length; i += 50) aggregator.addAll(events.slice(i, i + 50));
    expect(aggregator.summary()).toEqual(summary);
  });
});
