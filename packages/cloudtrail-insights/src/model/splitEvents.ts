import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { byIdentity } from './sessionise.js';

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
  const groups = kind === 'time' ? [sorted] : [...byIdentity(sorted).values()];
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

/**
 * Cuts the latest `fraction` of the events into `folds` consecutive blocks of about equal size (by time, or by
 * time within each identity for `per-identity`), for rolling-origin validation: block k is predicted from every
 * event before it. Returns the block index of each held-out event; the others are in none.
 *
 * @example
 * const blockOf = holdOutBlocks(events, 0.3, 3, 'time'); // the latest 30 % in three blocks of 10 %
 * @internal
 */
export function holdOutBlocks<E extends InsightEvent>(
  events: Iterable<E>,
  fraction: number,
  folds: number,
  kind: SplitKind,
): Map<E, number> {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const groups = kind === 'time' ? [sorted] : [...byIdentity(sorted).values()];
  const blockOf = new Map<E, number>();
  for (const group of groups) {
    const held = group.length - Math.floor(group.length * (1 - fraction));
    const bound = (k: number) => group.length - held + Math.floor((held * k) / folds);
    for (let k = 0; k < folds; k++) for (let i = bound(k); i < bound(k + 1); i++) blockOf.set(group[i]!, k);
  }
  return blockOf;
}
