import type { EvaluationResult } from '../types/Behaviour.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { Baselines } from './Baselines.js';
import { BehaviourModel, type BehaviourModelOptions } from './BehaviourModel.js';
import { CACHE_WINDOW } from './recencyCache.js';
import { DEFAULT_HISTORY_MINUTES, type HistoryView, recentHistory } from './recentHistory.js';
import { ScoreAccumulator } from './ScoreAccumulator.js';
import { byIdentity, DEFAULT_SESSION_GAP_MINUTES, sessionise } from './sessionise.js';
import { type SplitKind, splitEvents } from './splitEvents.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions extends BehaviourModelOptions {
  /** Share of events used for training (default 0.7). */
  trainFraction?: number;
  /**
   * `time` (default): the earliest events train, the later ones test, a true forecast.
   * `per-identity`: the earliest `trainFraction` of each identity's events train, the rest test.
   * The model's own validation split (inside the training events) follows the same rule.
   */
  split?: SplitKind;
  /**
   * The history each test call is predicted from, the same for the model and every baseline: `recent` (default,
   * the protocol of issue 15), the identity's calls of the last `historyMinutes` (default 30) with their times,
   * across session boundaries; `session`, the session so far (at most the latest 64 calls).
   */
  history?: HistoryView;
}

/**
 * Measures how well the behaviour model predicts each next call on held-out events, against three baselines:
 * most-frequent (the identity's calls, then the population's), a first-order Markov chain over the population
 * (the previous call of the history) and recency (the most recent distinct calls of the history). Reports top-1,
 * top-3, mean reciprocal rank and log-loss. Everything the model fits is chosen on a validation split of the
 * training events; the test events are only scored. Each test call is predicted from the identity's calls of
 * the last 30 minutes (test-period calls included, as a live predictor would see them), with their times.
 *
 * @example
 * const result = evaluate(events, { trainFraction: 0.7 });
 * console.log(`model top-3 ${result.model.top3}, markov top-3 ${result.baselines.markov1.top3}`);
 */
export function evaluate(events: readonly ParsedEvent[], options: EvaluateOptions = {}): EvaluationResult {
  const fraction = Math.min(0.95, Math.max(0.05, options.trainFraction ?? 0.7));
  const split = options.split ?? 'time';
  const view = options.history ?? 'recent';
  const gap = options.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES;
  const minutes = options.historyMinutes ?? DEFAULT_HISTORY_MINUTES;
  const { earlier: train } = splitEvents(events, fraction, split);
  const model = BehaviourModel.fit(train, { validationSplit: split, ...options });
  const baselines = new Baselines(sessionise(train, gap));
  const scores = {
    model: new ScoreAccumulator(),
    mostFrequent: new ScoreAccumulator(),
    markov1: new ScoreAccumulator(),
    recency: new ScoreAccumulator(),
  };
  const timelines =
    view === 'session' ? sessionise(events, gap).map((s) => s.events) : [...byIdentity(events).values()];
  for (const timeline of timelines) {
    timeline.forEach((event, i) => {
      if (train.has(event)) return;
      const query =
        view === 'session'
          ? recentHistory(timeline, i, Number.POSITIVE_INFINITY, CACHE_WINDOW)
          : recentHistory(timeline, i, minutes);
      const { history } = query;
      const predicted = model.predictNext({ identity: event.identity, ...query }, Number.POSITIVE_INFINITY);
      const actual = event.eventName;
      scores.model.add(new Map(predicted.map((p) => [p.eventName, p.probability])), actual);
      scores.mostFrequent.add(baselines.mostFrequent(event.identity), actual);
      scores.markov1.add(baselines.markov1(history[history.length - 1]), actual);
      scores.recency.add(baselines.recency(event.identity, history), actual);
    });
  }
  return {
    split,
    history: view,
    trainEvents: train.size,
    testEvents: scores.model.size,
    model: scores.model.result(),
    baselines: {
      mostFrequent: scores.mostFrequent.result(),
      markov1: scores.markov1.result(),
      recency: scores.recency.result(),
    },
    fitted: model.fittedPredictor(),
  };
}
