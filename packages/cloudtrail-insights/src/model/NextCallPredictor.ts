import { InvalidQueryError } from '../errors.js';
import type { PredictionScores, Reliability } from '../types/Behaviour.js';
import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { CallCounts, COMPONENTS, type ComponentName, type ResolvedQuery } from './CallCounts.js';
import { fitMixtureWeights, type MixturePoint, type MixtureWeights } from './fitMixtureWeights.js';
import { GAP_STATES, type GapState, gapState } from './gapState.js';
import { CACHE_WINDOW, recencyCache } from './recencyCache.js';
import { PROBABILITY_FLOOR, ScoreAccumulator } from './ScoreAccumulator.js';
import { type EventSession, sessionise } from './sessionise.js';
import { holdOutBlocks, type SplitKind } from './splitEvents.js';

/** Options of the next-call predictor (all part of {@link BehaviourModelOptions}). */
export interface PredictorOptions {
  /** Longest history the n-gram components condition on (default 3). */
  order?: number;
  /** Add-alpha smoothing of the base (unigram) distribution (default 0.1). */
  alpha?: number;
  /** Share of the training events held out to fit the mixture (default 0.3, the latest ones). */
  validationFraction?: number;
  /**
   * Consecutive blocks the held-out share is cut into (default 3): each block is predicted from the counts of
   * every event before it (rolling origin), so all of it is validation data and none is predicted from later.
   */
  validationFolds?: number;
  /** `time` (default): hold out the latest events overall; `per-identity`: the latest of each identity. */
  validationSplit?: SplitKind;
  /** Cache half-lives (in calls) to choose from on the validation split (default 1, 2, 4, 8, 16, 32). */
  cacheHalfLives?: readonly number[];
  /** Components to mix (default all of `population`, `identity`, `service`, `cache`). */
  components?: readonly ComponentName[];
  /** Fit the mixture weights per gap state (default true); false fits one set of weights. */
  gapConditioning?: boolean;
}

/** A next-call query: whose, the calls of the session so far (oldest first) and, optionally, their times (ms). */
export interface NextCallQuery {
  identity?: string;
  history: readonly string[];
  times?: readonly number[];
}

/** What the validation split chose. */
export interface FittedMixture {
  cacheHalfLife: number;
  components: ComponentName[];
  /** Weights in `components` order per gap state, and `pooled` (used when the history has no times). */
  weights: Record<GapState | 'pooled', number[]>;
}

interface HeldOut {
  session: EventSession<InsightEvent>;
  index: number;
  /** The counts of every event before the held-out call's block. */
  counts: CallCounts;
}

interface Choice {
  halfLife: number;
  weights: MixtureWeights;
  logLikelihood: number;
}

/** Own held-out calls an identity needs before its reliability is its own rather than the population's. */
export const MIN_OWN_HELD_OUT = 20;
const MAX_SCORED = 2_000;
/** Held-out calls the weights are fitted on (the latest ones): ample for at most 6 x 5 weights, and fast. */
const MAX_FIT_POINTS = 4_000;
const HALF_LIVES = [1, 2, 4, 8, 16, 32];
const VALIDATION_FOLDS = 3;

/**
 * Predicts the next call as a linear mixture of a population n-gram, the identity's own n-gram, the calls that
 * follow a call of the same AWS service, and a decaying cache of the session's own calls. The mixture weights
 * (per gap state) and the cache half-life are fitted by EM and a small grid on a validation split of the
 * training events: the components are counted on the earlier part and scored on the later part; then counted
 * again on everything.
 * @internal
 */
export class NextCallPredictor {
  private constructor(
    private readonly counts: CallCounts,
    private readonly heldOut: readonly HeldOut[],
    private readonly choice: Choice,
    private readonly options: PredictorOptions,
  ) {}

  /**
   * Fits on sessions (see {@link sessionise}); `gapMinutes` re-cuts the events before each validation block.
   *
   * @example
   * const predictor = NextCallPredictor.fit(sessionise(events), 30);
   */
  static fit(
    sessions: readonly EventSession<InsightEvent>[],
    gapMinutes: number,
    options: PredictorOptions = {},
  ): NextCallPredictor {
    const order = options.order ?? 3;
    const alpha = options.alpha ?? 0.1;
    const fraction = Math.min(0.5, Math.max(0.05, options.validationFraction ?? 0.3));
    const folds = Math.max(1, Math.floor(options.validationFolds ?? VALIDATION_FOLDS));
    const all = sessions.flatMap((s) => s.events);
    const blockOf = holdOutBlocks(all, fraction, folds, options.validationSplit ?? 'time');
    const countsBefore = Array.from(
      { length: folds },
      (_, k) =>
        new CallCounts(
          sessionise(
            all.filter((e) => (blockOf.get(e) ?? -1) < k),
            gapMinutes,
          ),
          order,
          alpha,
        ),
    );
    const heldOut: HeldOut[] = [];
    for (const session of sessions)
      session.events.forEach((event, index) => {
        const block = blockOf.get(event);
        if (block !== undefined) heldOut.push({ session, index, counts: countsBefore[block]! });
      });
    const choice = choose(heldOut, options);
    return new NextCallPredictor(new CallCounts(sessions, order, alpha), heldOut, choice, options);
  }

  /** The probability of every call the query can rank (the training vocabulary and the session's calls). */
  distribution(query: NextCallQuery): Map<string, number> {
    if (query.times && query.times.length !== query.history.length)
      throw new InvalidQueryError(
        `times has ${query.times.length} entries but history has ${query.history.length}: give one time per call`,
      );
    if (query.times?.some((t) => !Number.isFinite(t)))
      throw new InvalidQueryError('times must be finite numbers (milliseconds since the epoch)');
    return mixture(this.counts, this.choice, query);
  }

  /** The cache half-life and mixture weights chosen on the validation split. */
  fitted(): FittedMixture {
    const enabled = enabledComponents(this.options);
    const pick = (w: number[]) => COMPONENTS.flatMap((c, i) => (enabled.includes(c) ? [round(w[i]!)] : []));
    const weights = { pooled: pick(this.choice.weights.pooled) } as FittedMixture['weights'];
    GAP_STATES.forEach((state, g) => {
      weights[state] = pick(this.choice.weights.byGroup[g]!);
    });
    return { cacheHalfLife: this.choice.halfLife, components: enabled, weights };
  }

  /**
   * Held-out scores of the validation model on the identity's own held-out calls, or on everyone's when it has
   * fewer than {@link MIN_OWN_HELD_OUT}. Undefined when nothing was held out.
   */
  reliability(identity: string): Reliability | undefined {
    const own = this.heldOut.filter((q) => q.session.identity === identity);
    const basis = own.length >= MIN_OWN_HELD_OUT ? 'identity' : 'population';
    const scored = (basis === 'identity' ? own : this.heldOut).slice(-MAX_SCORED);
    if (scored.length === 0) return undefined;
    return {
      basis,
      heldOutEvents: scored.length,
      ...scoreHeldOut(this.choice, scored),
    };
  }

  /**
   * The validation evidence for the components: the full mixture and each variant without one component or
   * without gap conditioning, each refitted and scored on the held-out calls of the training data.
   */
  validationReport(): { variant: string; halfLife: number; scores: PredictionScores }[] {
    const base = enabledComponents(this.options);
    const variants: [string, PredictorOptions][] = [
      ['all components', {}],
      ...base.map((c): [string, PredictorOptions] => [
        `without ${c}`,
        { components: base.filter((x) => x !== c) },
      ]),
      ['without gap states', { gapConditioning: false }],
    ];
    const scored = this.heldOut.slice(-MAX_SCORED);
    return variants.map(([variant, change]) => {
      const choice = choose(this.heldOut, { ...this.options, ...change });
      return {
        variant,
        halfLife: choice.halfLife,
        scores: scoreHeldOut(choice, scored),
      };
    });
  }
}

function enabledComponents(options: PredictorOptions): ComponentName[] {
  const wanted = options.components ?? COMPONENTS;
  const enabled = COMPONENTS.filter((c) => wanted.includes(c));
  return enabled.length > 0 ? enabled : [...COMPONENTS];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function queryOf({ session, index }: HeldOut): NextCallQuery {
  const window = session.events.slice(Math.max(0, index - CACHE_WINDOW), index);
  return {
    identity: session.identity,
    history: window.map((e) => e.eventName),
    times: window.map((e) => e.timestamp),
  };
}

function resolve(counts: CallCounts, query: NextCallQuery, halfLife: number): ResolvedQuery {
  return counts.resolve(query.identity, query.history, recencyCache(query.history, halfLife));
}

function weightsFor(choice: Choice, query: NextCallQuery): number[] {
  const state = gapState(query.history, query.times);
  if (state === 'untimed' && query.history.length >= 2) return choice.weights.pooled;
  return choice.weights.byGroup[GAP_STATES.indexOf(state)]!;
}

function mixture(counts: CallCounts, choice: Choice, query: NextCallQuery): Map<string, number> {
  const resolved = resolve(counts, query, choice.halfLife);
  const weights = weightsFor(choice, query);
  const out = new Map<string, number>();
  for (const token of counts.candidates(resolved)) {
    const p = counts.probabilities(resolved, token).reduce((a, x, k) => a + weights[k]! * x, 0);
    if (p > 0) out.set(token, p);
  }
  return out;
}

function scoreHeldOut(choice: Choice, heldOut: readonly HeldOut[]): PredictionScores {
  const scores = new ScoreAccumulator();
  for (const q of heldOut)
    scores.add(mixture(q.counts, choice, queryOf(q)), q.session.events[q.index]!.eventName);
  return scores.result();
}

/** The half-life of the grid whose EM-fitted mixture gives the held-out calls the highest likelihood. */
function choose(heldOut: readonly HeldOut[], options: PredictorOptions): Choice {
  const enabled = enabledComponents(options);
  const columns = enabled.map((c) => COMPONENTS.indexOf(c));
  const conditioned = options.gapConditioning ?? true;
  const used = heldOut.slice(-MAX_FIT_POINTS);
  const queries = used.map(queryOf);
  const actual = used.map((q) => q.session.events[q.index]!.eventName);
  const resolved = queries.map((q, i) => used[i]!.counts.resolve(q.identity, q.history, new Map()));
  const groups = queries.map((q) => (conditioned ? GAP_STATES.indexOf(gapState(q.history, q.times)) : 0));
  const halfLives = enabled.includes('cache') ? (options.cacheHalfLives ?? HALF_LIVES) : [1];
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
      byGroup: fitted.byGroup.map((w) => expand(conditioned ? w : fitted.pooled)),
    };
    let logLikelihood = 0;
    for (const point of points) {
      const w = weights.byGroup[point.group]!;
      const p = point.probabilities.reduce((a, x, j) => a + w[columns[j]!]! * x, 0);
      logLikelihood += Math.log(Math.max(p, PROBABILITY_FLOOR));
    }
    if (!best || logLikelihood > best.logLikelihood) best = { halfLife, weights, logLikelihood };
  }
  return best!;
}
