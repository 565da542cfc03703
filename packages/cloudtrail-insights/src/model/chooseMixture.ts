import type { PredictionScores } from '../types/Behaviour.js';
import { type CallCounts, COMPONENTS, type ComponentName, type ResolvedQuery } from './CallCounts.js';
import { fitMixtureWeights, type MixturePoint, type MixtureWeights } from './fitMixtureWeights.js';
import { GAP_STATES, gapState } from './gapState.js';
import { actualOf, type HeldOut, type NextCallQuery, queryOf } from './heldOutQueries.js';
import { type Choice, type ChoiceSpace, MAX_FIT_POINTS, weightsFor } from './mixtureChoice.js';
import { rankingChoice } from './rankingChoice.js';
import { recencyCache } from './recencyCache.js';
import { PROBABILITY_FLOOR, ScoreAccumulator } from './ScoreAccumulator.js';

/** The components a space enables, in {@link COMPONENTS} order (all when none is named). @internal */
export function enabledComponents(wanted: readonly ComponentName[] | undefined): ComponentName[] {
  const enabled = COMPONENTS.filter((c) => (wanted ?? COMPONENTS).includes(c));
  return enabled.length > 0 ? enabled : [...COMPONENTS];
}

function resolve(counts: CallCounts, query: NextCallQuery, halfLife: number): ResolvedQuery {
  return counts.resolve(query.identity, query.history, recencyCache(query.history, halfLife), query.times);
}

/**
 * The mixture's distribution for a query: every call the query can rank, with its probability (sums to 1).
 * @internal
 */
export function mixture(counts: CallCounts, choice: Choice, query: NextCallQuery): Map<string, number> {
  const resolved = resolve(counts, query, choice.halfLife);
  const weights = weightsFor(choice, query);
  const out = new Map<string, number>();
  for (const token of counts.candidates(resolved)) {
    const p = counts.probabilities(resolved, token).reduce((a, x, k) => a + weights[k]! * x, 0);
    if (p > 0) out.set(token, p);
  }
  return choice.recencyBackoff ? recencyBackoff(out, query.history) : out;
}

/**
 * Recency as a back-off of the ranking: a call of the history never ranks below a call it does not hold. Each
 * history call below the best other call is lifted to that call's probability plus its own (so the lifted ones
 * keep their order), then the distribution is normalised again.
 * @internal
 */
export function recencyBackoff(
  distribution: Map<string, number>,
  history: readonly string[],
): Map<string, number> {
  const recent = new Set(history);
  let best = 0;
  for (const [token, p] of distribution) if (!recent.has(token) && p > best) best = p;
  let total = 0;
  for (const [token, p] of distribution) {
    const lifted = recent.has(token) && p <= best ? best + p : p;
    distribution.set(token, lifted);
    total += lifted;
  }
  for (const [token, p] of distribution) distribution.set(token, p / total);
  return distribution;
}

/** Scores a choice on held-out calls (each predicted from the counts before its block). @internal */
export function scoreHeldOut(choice: Choice, heldOut: readonly HeldOut[], minutes: number): PredictionScores {
  const scores = new ScoreAccumulator();
  for (const q of heldOut) scores.add(mixture(q.counts, choice, queryOf(q, minutes)), actualOf(q));
  return scores.result();
}

/**
 * The half-life of the grid whose EM-fitted mixture (per gap state, or pooled) gives the held-out calls the
 * highest likelihood, with those weights.
 * @internal
 */
export function chooseMixture(heldOut: readonly HeldOut[], space: ChoiceSpace): Choice {
  const columns = space.components.map((c) => COMPONENTS.indexOf(c));
  const used = heldOut.slice(-MAX_FIT_POINTS);
  const queries = used.map((q) => queryOf(q, space.historyMinutes));
  const actual = used.map(actualOf);
  const resolved = queries.map((q, i) => used[i]!.counts.resolve(q.identity, q.history, new Map(), q.times));
  const groups = queries.map((q) =>
    space.gapConditioning ? GAP_STATES.indexOf(gapState(q.history, q.times)) : 0,
  );
  const halfLives = space.components.includes('cache') ? space.halfLives : [1];
  let best: Choice | undefined;
  for (const halfLife of halfLives) {
    const points: MixturePoint[] = queries.map((query, i) => {
      const cache = recencyCache(query.history, halfLife);
      const all = used[i]!.counts.probabilities({ ...resolved[i]!, cache }, actual[i]!);
      return { probabilities: columns.map((k) => all[k]!), group: groups[i]! };
    });
    const fitted = fitMixtureWeights(points, GAP_STATES.length, columns.length);
    const expand = (w: number[]) =>
      COMPONENTS.map((_, k) => (columns.includes(k) ? w[columns.indexOf(k)]! : 0));
    const weights: MixtureWeights = {
      pooled: expand(fitted.pooled),
      byGroup: fitted.byGroup.map((w) => expand(space.gapConditioning ? w : fitted.pooled)),
    };
    let logLikelihood = 0;
    for (const point of points) {
      const w = weights.byGroup[point.group]!;
      const p = point.probabilities.reduce((a, x, j) => a + w[columns[j]!]! * x, 0);
      logLikelihood += Math.log(Math.max(p, PROBABILITY_FLOOR));
    }
    if (!best || logLikelihood > best.logLikelihood)
      best = { halfLife, weights, logLikelihood, recencyBackoff: false };
  }
  return rankingChoice(best!, heldOut, space);
}
