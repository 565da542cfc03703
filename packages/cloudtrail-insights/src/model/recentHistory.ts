import type { InsightEvent } from '../types/CloudTrailRecord.js';

/** Minutes of an identity's calls a next-call query holds by default (the measurement protocol of issue 15). */
export const DEFAULT_HISTORY_MINUTES = 30;

/**
 * Which calls a next-call query holds: `recent` (default), the identity's calls of the last `historyMinutes`
 * before the call to predict, across session boundaries, with their times; `session`, the session so far.
 */
export type HistoryView = 'recent' | 'session';

/** A query's history as event names and times, oldest first. @internal */
export interface TimedHistory {
  history: string[];
  times: number[];
}

/**
 * The history of the query for `events[index]` (one identity's events in time order): the calls before it made
 * at most `minutes` earlier, at most `maxCalls` of them (the latest). Calls of the same second keep their order
 * in `events`, the order CloudTrail delivered them in.
 *
 * @example
 * recentHistory(aliceEvents, 10, 30); // { history: ['ListBuckets', ...], times: [1722514748000, ...] }
 * @internal
 */
export function recentHistory<E extends InsightEvent>(
  events: readonly E[],
  index: number,
  minutes: number,
  maxCalls = Number.POSITIVE_INFINITY,
): TimedHistory {
  return callsSince(events, index, events[index]!.timestamp - minutes * 60_000, maxCalls);
}

/**
 * The calls of `events` (one identity's, in time order) before `end` made at `since` or later, at most
 * `maxCalls` of them (the latest).
 *
 * @example
 * callsSince(aliceEvents, aliceEvents.length, Date.now() - 30 * 60_000); // her calls of the last 30 minutes
 * @internal
 */
export function callsSince<E extends InsightEvent>(
  events: readonly E[],
  end: number,
  since: number,
  maxCalls = Number.POSITIVE_INFINITY,
): TimedHistory {
  let from = end;
  while (from > 0 && end - from < maxCalls && events[from - 1]!.timestamp >= since) from--;
  const window = events.slice(from, end);
  return { history: window.map((e) => e.eventName), times: window.map((e) => e.timestamp) };
}
