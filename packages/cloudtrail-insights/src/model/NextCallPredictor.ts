import { InvalidQueryError } from '../errors.js';
import type { PredictionScores, Reliability } from '../types/Behaviour.js';
import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { CallCounts, COMPONENTS, type ComponentName } from './CallCounts.js';
import { chooseMixture, enabledComponents, mixture, scoreHeldOut } from './chooseMixture.js';
import { GAP_STATES, type GapState } from './gapState.js';
import { type HeldOut, heldOutQueries, type NextCallQuery } from './heldOutQueries.js';
import type { Choice, ChoiceSpace } from './mixtureChoice.js';
import { DEFAULT_HISTORY_MINUTES } from './recentHistory.js';
import type { EventSession } from './sessionise.js';
import type { SplitKind } from './splitEvents.js';

export type { NextCallQuery } from './heldOutQueries.js';

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
  /**
   * Minutes of the identity's calls before each held-out call its validation query holds (default 30, the
   * history callers are expected to pass: the identity's recent calls, across session boundaries).
   */
  historyMinutes?: number;
  /** Cache half-lives (in calls) to choose from on the validation split (default 1, 2, 4, 8, 16, 32). */
  cacheHalfLives?: readonly number[];
  /** Components to mix (default all of {@link COMPONENTS}). */
  components?: readonly ComponentName[];
  /** Fit the mixture weights per gap state (default true); false fits one set of weights. */
  gapConditioning?: boolean;
  /**
   * Let the validation split choose recency as a back-off of the ranking (default true): the history's calls
   * ranked above every other call, kept when that ranks the held-out calls better.
   */
  recencyBackoff?: boolean;
}

/** What the validation split chose. */
export interface FittedMixture {
  cacheHalfLife: number;
  components: ComponentName[];
  /** Weights in `components` order per gap state, and `pooled` (used when the history has no times). */
  weights: Record<GapState | 'pooled', number[]>;
  /** Whether the validation split kept the recency back-off (history calls ranked above all others). */
  recencyBackoff: boolean;
}

/** Own held-out calls an identity needs before its reliability is its own rather than the population's. */
export const MIN_OWN_HELD_OUT = 20;
const MAX_SCORED = 2_000;
const HALF_LIVES = [1, 2, 4, 8, 16, 32];
const VALIDATION_FOLDS = 3;

/**
 * Predicts the next call as a linear mixture of a population n-gram, the identity's own n-gram, the calls that
 * follow a call of the same AWS service, and components built from the query's own history. The mixture weights
 * (per gap state) and the cache half-life are fitted by EM and a small grid on a validation split of the
 * training events: the components are counted on the earlier part and scored on the later part; then counted
 * again on everything.
 * @internal
 */
export class NextCallPredictor {
  private constructor(
    private readonly counts: CallCounts,
    private readonly heldOut: readonly HeldOut[],
    private readonly space: ChoiceSpace,
    private readonly choice: Choice,
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
    const heldOut = heldOutQueries(sessions, {
      gapMinutes,
      order,
      alpha,
      fraction: Math.min(0.5, Math.max(0.05, options.validationFraction ?? 0.3)),
      folds: Math.max(1, Math.floor(options.validationFolds ?? VALIDATION_FOLDS)),
      split: options.validationSplit ?? 'time',
    });
    const space = spaceOf(options);
    return new NextCallPredictor(
      new CallCounts(sessions, order, alpha, gapMinutes),
      heldOut,
      space,
      chooseMixture(heldOut, space),
    );
  }

  /** The probability of every call the query can rank (the training vocabulary and the history's calls). */
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
    const enabled = this.space.components;
    const pick = (w: number[]) => COMPONENTS.flatMap((c, i) => (enabled.includes(c) ? [round(w[i]!)] : []));
    const weights = { pooled: pick(this.choice.weights.pooled) } as FittedMixture['weights'];
    GAP_STATES.forEach((state, g) => {
      weights[state] = pick(this.choice.weights.byGroup[g]!);
    });
    return {
      cacheHalfLife: this.choice.halfLife,
      components: [...enabled],
      weights,
      recencyBackoff: this.choice.recencyBackoff,
    };
  }

  /**
   * Held-out scores of the validation model on the identity's own held-out calls, or on everyone's when it has
   * fewer than {@link MIN_OWN_HELD_OUT}. Undefined when nothing was held out.
   */
  reliability(identity: string): Reliability | undefined {
    const own = this.heldOut.filter((q) => q.timeline[q.index]!.identity === identity);
    const basis = own.length >= MIN_OWN_HELD_OUT ? 'identity' : 'population';
    const scored = (basis === 'identity' ? own : this.heldOut).slice(-MAX_SCORED);
    if (scored.length === 0) return undefined;
    return {
      basis,
      heldOutEvents: scored.length,
      ...scoreHeldOut(this.choice, scored, this.space.historyMinutes),
    };
  }

  /**
   * The validation evidence for the components: the full mixture and each variant without one component or
   * without gap conditioning, each refitted and scored on the held-out calls of the training data.
   */
  validationReport(): {
    variant: string;
    halfLife: number;
    recencyBackoff: boolean;
    scores: PredictionScores;
  }[] {
    const base = this.space.components;
    const variants: [string, Partial<ChoiceSpace>][] = [
      ['all components', {}],
      ...base.map((c): [string, Partial<ChoiceSpace>] => [
        `without ${c}`,
        { components: base.filter((x) => x !== c) },
      ]),
      ['without gap states', { gapConditioning: false }],
      ['without recency back-off', { recencyBackoff: false }],
    ];
    const scored = this.heldOut.slice(-MAX_SCORED);
    return variants.map(([variant, change]) => {
      const choice = chooseMixture(this.heldOut, { ...this.space, ...change });
      return {
        variant,
        halfLife: choice.halfLife,
        recencyBackoff: choice.recencyBackoff,
        scores: scoreHeldOut(choice, scored, this.space.historyMinutes),
      };
    });
  }
}

function spaceOf(options: PredictorOptions): ChoiceSpace {
  return {
    components: enabledComponents(options.components),
    gapConditioning: options.gapConditioning ?? true,
    halfLives: options.cacheHalfLives ?? HALF_LIVES,
    historyMinutes: options.historyMinutes ?? DEFAULT_HISTORY_MINUTES,
    recencyBackoff: options.recencyBackoff ?? true,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
