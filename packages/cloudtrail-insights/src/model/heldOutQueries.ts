import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { CallCounts } from './CallCounts.js';
import { CACHE_WINDOW } from './recencyCache.js';
import { recentHistory } from './recentHistory.js';
import { byIdentity, type EventSession, sessionise } from './sessionise.js';
import { holdOutBlocks, type SplitKind } from './splitEvents.js';

/** A next-call query: whose, the calls before it (oldest first) and, optionally, their times (ms). */
export interface NextCallQuery {
  identity?: string;
  history: readonly string[];
  times?: readonly number[];
}

/** One held-out call of the validation split, with the counts of every event before its block. @internal */
export interface HeldOut {
  /** The identity's events in time order. */
  timeline: readonly InsightEvent[];
  index: number;
  counts: CallCounts;
}

/** How the validation split is cut and counted. @internal */
export interface HeldOutPlan {
  gapMinutes: number;
  order: number;
  alpha: number;
  fraction: number;
  folds: number;
  split: SplitKind;
}

/**
 * The held-out calls of a rolling-origin validation split: the latest `fraction` of the events in `folds`
 * consecutive blocks, each with the counts of every event before its block (re-sessionised, so a session cut by
 * the block boundary ends there, as a training set's last session does).
 *
 * @example
 * const heldOut = heldOutQueries(sessionise(events), { gapMinutes: 30, order: 3, alpha: 0.1, fraction: 0.3, folds: 3, split: 'time' });
 * @internal
 */
export function heldOutQueries(
  sessions: readonly EventSession<InsightEvent>[],
  plan: HeldOutPlan,
): HeldOut[] {
  const all = sessions.flatMap((s) => s.events);
  const blockOf = holdOutBlocks(all, plan.fraction, plan.folds, plan.split);
  const countsBefore = Array.from(
    { length: plan.folds },
    (_, k) =>
      new CallCounts(
        sessionise(
          all.filter((e) => (blockOf.get(e) ?? -1) < k),
          plan.gapMinutes,
        ),
        plan.order,
        plan.alpha,
        plan.gapMinutes,
      ),
  );
  const heldOut: HeldOut[] = [];
  for (const timeline of byIdentity(all).values())
    timeline.forEach((event, index) => {
      const block = blockOf.get(event);
      if (block !== undefined) heldOut.push({ timeline, index, counts: countsBefore[block]! });
    });
  return heldOut.sort((a, b) => a.timeline[a.index]!.timestamp - b.timeline[b.index]!.timestamp);
}

/**
 * The query a held-out call is predicted from: the identity's calls of the last `minutes` before it (at most
 * the cache window), with their times, as {@link evaluate} and a live caller give them.
 * @internal
 */
export function queryOf({ timeline, index }: HeldOut, minutes: number): NextCallQuery {
  return { identity: timeline[index]!.identity, ...recentHistory(timeline, index, minutes, CACHE_WINDOW) };
}

/** The call a held-out query should predict. @internal */
export function actualOf({ timeline, index }: HeldOut): string {
  return timeline[index]!.eventName;
}
