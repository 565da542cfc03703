/**
 * What the time between the last two calls says about the moment: `burst` (at most a second: one page load or a
 * tool's fan-out), `steady` (at most a minute), `pause` (longer), `start` (no call yet in the session) or
 * `untimed` (one call, or no times given). The mixture weights of the predictor are fitted per state.
 * @internal
 */
export const GAP_STATES = ['start', 'burst', 'steady', 'pause', 'untimed'] as const;
/** @see GAP_STATES @internal */
export type GapState = (typeof GAP_STATES)[number];

/** Longest gap of a burst (CloudTrail times have one-second resolution). @internal */
export const BURST_MS = 1_000;
/** Longest gap of steady work. @internal */
export const STEADY_MS = 60_000;

/**
 * The gap state of a history from the times of its calls (milliseconds, oldest first).
 *
 * @example
 * gapState(['ListBuckets', 'GetObject'], [0, 400]); // 'burst'
 * @internal
 */
export function gapState(history: readonly string[], times?: readonly number[]): GapState {
  if (history.length === 0) return 'start';
  if (!times || times.length < 2) return 'untimed';
  const gap = times[times.length - 1]! - times[times.length - 2]!;
  if (gap <= BURST_MS) return 'burst';
  return gap <= STEADY_MS ? 'steady' : 'pause';
}
