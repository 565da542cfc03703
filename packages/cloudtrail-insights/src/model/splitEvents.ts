import type { InsightEvent } from '../types/CloudTrailRecord.js';

/**
 * How held-out events are chosen: `time` holds out the latest events of the whole set (a true forecast, new
 * identities included); `per-identity` holds out the latest events of each identity.
 */
export type SplitKind = 'time' | 'per-identity';

/**
 * Splits events into an earlier part (to learn from) and a later, held-out part. Used both by {@link evaluate}
 * (train vs test) and inside the model's fit (fit vs validation), so both follow the same rule.
 *
 * @example
 * const { earlier, later } = splitEvents(events, 0.7, 'time');
 * @internal
 */
export function splitEvents<E extends InsightEvent>(
  events: Iterable<E>,
  earlierFraction: number,
  kind: SplitKind,
): { earlier: Set<E>; later: Set<E> } {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const groups = kind === 'time' ? [sorted] : [...groupByIdentity(sorted).values()];
  const earlier = new Set<E>();
  const later = new Set<E>();
  for (const group of groups) {
    const cut = Math.floor(group.length * earlierFraction);
    group.forEach((event, i) => {
      (i < cut ? earlier : later).add(event);
    });
  }
  return { earlier, later };
}

function groupByIdentity<E extends InsightEvent>(events: readonly E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const event of events) {
    const list = groups.get(event.identity);
    if (list) list.push(event);
    else groups.set(event.identity, [event]);
  }
  return groups;
}
