import { BURST_MS } from './gapState.js';

/**
 * The calls of the current burst: the latest calls of the history chained by gaps of at most {@link BURST_MS}
 * (a console page fires its calls together; CloudTrail's one-second times give them in any order). Empty
 * without times.
 *
 * @example
 * currentBurst(['A', 'B', 'C'], [0, 60_000, 60_500]); // ['B', 'C']
 * @internal
 */
export function currentBurst(history: readonly string[], times?: readonly number[]): string[] {
  if (!times || times.length !== history.length || history.length === 0) return [];
  let from = history.length - 1;
  while (from > 0 && times[from]! - times[from - 1]! <= BURST_MS) from--;
  return history.slice(from);
}

/**
 * The burst component's counts: for every pair of calls, the bursts that held both (each burst counted once,
 * as a set). A console page load is a set of calls in no fixed order, so what comes next in a burst is a call
 * that shared bursts with the calls made so far, and not one of them; an order-based n-gram spreads over the
 * whole set instead.
 *
 * @example
 * const bursts = new BurstSets();
 * bursts.add(['DescribeInstances', 'DescribeTags', 'DescribeAddresses']);
 * bursts.next(['DescribeTags']); // Map { 'DescribeInstances' => 0.5, 'DescribeAddresses' => 0.5 }
 * @internal
 */
export class BurstSets {
  private readonly together = new Map<string, Map<string, number>>();

  /** Counts one burst (its distinct calls). */
  add(burst: readonly string[]): void {
    const calls = [...new Set(burst)];
    if (calls.length < 2) return;
    for (const a of calls) {
      let row = this.together.get(a);
      if (!row) {
        row = new Map();
        this.together.set(a, row);
      }
      for (const b of calls) if (a !== b) row.set(b, (row.get(b) ?? 0) + 1);
    }
  }

  /**
   * The calls that shared bursts with the burst so far and are not in it, in proportion to the bursts they
   * shared with each of its calls. Empty when none did.
   */
  next(burst: readonly string[]): Map<string, number> {
    const made = new Set(burst);
    const out = new Map<string, number>();
    let total = 0;
    for (const call of made)
      for (const [other, count] of this.together.get(call) ?? []) {
        if (made.has(other)) continue;
        out.set(other, (out.get(other) ?? 0) + count);
        total += count;
      }
    for (const [call, count] of out) out.set(call, count / total);
    return out;
  }
}

/**
 * Cuts a session's calls into bursts (consecutive calls at most {@link BURST_MS} apart).
 * @internal
 */
export function burstsOf(events: readonly { eventName: string; timestamp: number }[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  events.forEach((event, i) => {
    if (i > 0 && event.timestamp - events[i - 1]!.timestamp > BURST_MS) {
      out.push(current);
      current = [];
    }
    current.push(event.eventName);
  });
  if (current.length > 0) out.push(current);
  return out;
}
