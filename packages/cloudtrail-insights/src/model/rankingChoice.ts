import { COMPONENTS } from './CallCounts.js';
import { actualOf, type HeldOut, type NextCallQuery, queryOf } from './heldOutQueries.js';
import { type Choice, type ChoiceSpace, MAX_FIT_POINTS, weightsFor } from './mixtureChoice.js';
import { recencyCache } from './recencyCache.js';
import { PROBABILITY_FLOOR, type ScoreAccumulator } from './ScoreAccumulator.js';

/** Held-out calls whose whole distributions are kept to rank the candidates (each is vocabulary x components). */
const MAX_RANK_POINTS = 1_000;
/** Share of a candidate's weight moved onto one component. */
const EMPHASIS = 0.5;
/** Log-loss (nats per call) a candidate may add to the EM fit's for its better ranking. */
const LOG_LOSS_SLACK = 0.05;

/** One held-out call: every component's probability of every call it can rank, row by row. */
interface RankPoint {
  query: NextCallQuery;
  rows: Float64Array;
  recent: Uint8Array;
  /** The calls of the rows, to break ties by name as `predictNext` and the scores do. */
  names: string[];
  actual: number;
}

/**
 * The ranking-aware part of the choice. EM fits the weights for likelihood, which is not the same as ranking the
 * next call high: the candidates are the EM weights and, for each component, those weights with half of their
 * mass moved onto that component, each with and without the recency back-off (when the space allows it). A
 * candidate replaces the EM fit only when it puts clearly more of the latest held-out calls in its top 3 (a
 * paired sign test: calls it gains minus calls it loses at least 2 and at least twice their standard deviation),
 * with a mean reciprocal rank no lower and a log-loss at most {@link LOG_LOSS_SLACK} higher; the best such
 * candidate by top-3 hits wins. A gain of a call or two on a small held-out set keeps the EM fit.
 * @internal
 */
export function rankingChoice(fitted: Choice, heldOut: readonly HeldOut[], space: ChoiceSpace): Choice {
  const used = heldOut.slice(-Math.min(MAX_FIT_POINTS, MAX_RANK_POINTS));
  if (used.length === 0) return fitted;
  const points = used.map((q) => rankPoint(q, fitted.halfLife, space.historyMinutes));
  const columns = space.components.map((c) => COMPONENTS.indexOf(c));
  const candidates: Choice[] = [fitted];
  if (space.components.length > 1)
    for (const k of columns) {
      const shift = (w: number[]) => w.map((x, j) => (1 - EMPHASIS) * x + (j === k ? EMPHASIS : 0));
      candidates.push({
        ...fitted,
        weights: { pooled: shift(fitted.weights.pooled), byGroup: fitted.weights.byGroup.map(shift) },
      });
    }
  if (space.recencyBackoff)
    for (const candidate of [...candidates]) candidates.push({ ...candidate, recencyBackoff: true });
  const base = score(fitted, points);
  let best = fitted;
  let bestHits = base.top3;
  for (const candidate of candidates.slice(1)) {
    const s = score(candidate, points);
    if (s.top3 > bestHits && clearlyBetter(s, base)) {
      best = candidate;
      bestHits = s.top3;
    }
  }
  return best;
}

function rankPoint(q: HeldOut, halfLife: number, minutes: number): RankPoint {
  const query = queryOf(q, minutes);
  const counts = q.counts;
  const resolved = counts.resolve(
    query.identity,
    query.history,
    recencyCache(query.history, halfLife),
    query.times,
  );
  const tokens = [...counts.candidates(resolved)];
  const k = COMPONENTS.length;
  const rows = new Float64Array(tokens.length * k);
  const recent = new Uint8Array(tokens.length);
  const history = new Set(query.history);
  tokens.forEach((token, t) => {
    rows.set(counts.probabilities(resolved, token), t * k);
    recent[t] = history.has(token) ? 1 : 0;
  });
  return { query, rows, recent, names: tokens, actual: tokens.indexOf(actualOf(q)) };
}

interface Score {
  top3: number;
  reciprocal: number;
  logLoss: number;
  /** Per held-out call: 1 when the call was in the top 3. */
  hits: Uint8Array;
}

function score(choice: Choice, points: readonly RankPoint[]): Score {
  const k = COMPONENTS.length;
  const out: Score = { top3: 0, reciprocal: 0, logLoss: 0, hits: new Uint8Array(points.length) };
  points.forEach((point, i) => {
    const weights = weightsFor(choice, point.query);
    const n = point.recent.length;
    const p = new Float64Array(n);
    let best = 0;
    for (let t = 0; t < n; t++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += weights[j]! * point.rows[t * k + j]!;
      p[t] = sum;
      if (!point.recent[t] && sum > best) best = sum;
    }
    let total = 0;
    for (let t = 0; t < n; t++) {
      if (choice.recencyBackoff && point.recent[t] && p[t]! <= best) p[t] = best + p[t]!;
      total += p[t]!;
    }
    const actual = point.actual < 0 ? 0 : p[point.actual]! / total;
    out.logLoss -= Math.log(Math.max(actual, PROBABILITY_FLOOR));
    if (actual <= 0) return;
    const rank = rankOf(p, point.names, point.actual);
    if (rank <= 3) {
      out.top3++;
      out.hits[i] = 1;
    }
    out.reciprocal += 1 / rank;
  });
  out.logLoss /= Math.max(1, points.length);
  return out;
}

/**
 * The rank of `names[actual]` under the scores `p` (1 = best), ties broken by name as {@link ScoreAccumulator}
 * and `predictNext` break them, so the choice is made on the ranking callers see.
 *
 * @example
 * rankOf(Float64Array.of(0.5, 0.5), ['B', 'A'], 0); // 2: 'A' wins the tie
 * @internal
 */
export function rankOf(p: Float64Array, names: readonly string[], actual: number): number {
  let rank = 1;
  for (let t = 0; t < p.length; t++)
    if (p[t]! > p[actual]! || (p[t] === p[actual] && names[t]! < names[actual]!)) rank++;
  return rank;
}

const EPSILON = 1e-9;

/** A paired sign test on top-3 hits, with no loss of reciprocal rank and little of log-loss. */
function clearlyBetter(a: Score, base: Score): boolean {
  let gained = 0;
  let lost = 0;
  a.hits.forEach((hit, i) => {
    if (hit > base.hits[i]!) gained++;
    else if (hit < base.hits[i]!) lost++;
  });
  const margin = gained - lost;
  return (
    margin >= 2 &&
    margin >= 2 * Math.sqrt(gained + lost) &&
    a.reciprocal >= base.reciprocal - EPSILON &&
    a.logLoss <= base.logLoss + LOG_LOSS_SLACK
  );
}
