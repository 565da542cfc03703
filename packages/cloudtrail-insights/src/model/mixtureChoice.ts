import type { ComponentName } from './CallCounts.js';
import type { MixtureWeights } from './fitMixtureWeights.js';
import { GAP_STATES, gapState } from './gapState.js';
import type { NextCallQuery } from './heldOutQueries.js';

/** What the validation split chose: the cache half-life, the mixture weights and the recency back-off. @internal */
export interface Choice {
  halfLife: number;
  weights: MixtureWeights;
  logLikelihood: number;
  /** Rank every call of the history above every other call (see `recencyBackoff` in chooseMixture). */
  recencyBackoff: boolean;
}

/** What the validation split may choose from. @internal */
export interface ChoiceSpace {
  components: readonly ComponentName[];
  gapConditioning: boolean;
  halfLives: readonly number[];
  historyMinutes: number;
  /** Whether the recency back-off may be chosen (it is kept when it ranks the held-out calls better). */
  recencyBackoff: boolean;
}

/** Held-out calls the weights are fitted on (the latest ones): ample for a few dozen weights, and fast. @internal */
export const MAX_FIT_POINTS = 4_000;

/**
 * The weights a choice applies to a query: those of its gap state, or the pooled ones for an untimed history.
 *
 * @example
 * weightsFor(choice, { history: ['ListBuckets'], times: [0] }); // the 'untimed' state's weights
 * @internal
 */
export function weightsFor(choice: Choice, query: NextCallQuery): number[] {
  const state = gapState(query.history, query.times);
  if (state === 'untimed' && query.history.length >= 2) return choice.weights.pooled;
  return choice.weights.byGroup[GAP_STATES.indexOf(state)]!;
}
