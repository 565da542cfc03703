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
  const byIdentity = new Map<string, E[]>();
  for (const event of events) {
    const list = byIdentity.get(event.identity);
    if (list) list.push(event);
    else byIdentity.set(event.identity, [event]);
  }
  const gapMs = gapMinutes * 60_000;
  const sessions: EventSession<E>[] = [];
  for (const [identity, list] of byIdentity) {
    list.sort((a, b) => a.timestamp - b.timestamp);
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
