import type { InsightEvent } from '../types/CloudTrailRecord.js';

/** Default gap between two calls that starts a new session. */
export const DEFAULT_SESSION_GAP_MINUTES = 30;

/** A session with its events (the public {@link Session} type carries only names). @internal */
export interface EventSession<E extends InsightEvent = InsightEvent> {
  identity: string;
  events: E[];
}

/**
 * Groups events by identity, sorts each group by time and cuts it into sessions wherever two consecutive calls
 * are more than `gapMinutes` apart.
 *
 * @example
 * const sessions = sessionise(events, 30);
 * sessions[0].events.map((e) => e.eventName);
 */
export function sessionise<E extends InsightEvent>(
  events: Iterable<E>,
  gapMinutes = DEFAULT_SESSION_GAP_MINUTES,
): EventSession<E>[] {
  const gapMs = gapMinutes * 60_000;
  const sessions: EventSession<E>[] = [];
  for (const [identity, list] of byIdentity(events)) {
    let current: E[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (const event of list) {
      if (current.length > 0 && event.timestamp - last > gapMs) {
        sessions.push({ identity, events: current });
        current = [];
      }
      current.push(event);
      last = event.timestamp;
    }
    if (current.length > 0) sessions.push({ identity, events: current });
  }
  return sessions;
}

/**
 * Groups events by identity, each group in time order (a stable sort: calls of one second keep their order).
 *
 * @example
 * byIdentity(events).get('alice'); // alice's events, oldest first
 * @internal
 */
export function byIdentity<E extends InsightEvent>(events: Iterable<E>): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const event of events) {
    const list = groups.get(event.identity);
    if (list) list.push(event);
    else groups.set(event.identity, [event]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  return groups;
}

/**
 * Where the current session starts in a history's times (oldest first): the index after its latest gap longer
 * than `gapMinutes`, 0 when there is none.
 *
 * @example
 * currentSessionStart([0, 60_000, 7_200_000], 30); // 2
 * @internal
 */
export function currentSessionStart(
  times: readonly number[],
  gapMinutes = DEFAULT_SESSION_GAP_MINUTES,
): number {
  for (let i = times.length - 1; i > 0; i--) if (times[i]! - times[i - 1]! > gapMinutes * 60_000) return i;
  return 0;
}
