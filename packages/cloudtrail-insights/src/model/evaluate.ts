import type { EvaluationResult } from '../types/Behaviour.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { BehaviourModel, type BehaviourModelOptions } from './BehaviourModel.js';
import { SESSION_START } from './NgramCounts.js';
import { sessionise } from './sessionise.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions extends BehaviourModelOptions {
  /** Share of events used for training (default 0.7). */
  trainFraction?: number;
  /**
   * `time` (default): the earliest events train, the later ones test, a true forecast.
   * `per-identity`: the earliest `trainFraction` of each identity's events train, the rest test.
   */
  split?: 'time' | 'per-identity';
}

function ranked(counts: Map<string, number> | undefined): string[] {
  if (!counts) return [];
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
}

function topK(primary: string[], fallback: string[], k: number): string[] {
  const out: string[] = [];
  for (const name of [...primary, ...fallback]) {
    if (out.length >= k) break;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function bump<K>(map: Map<K, Map<string, number>>, key: K, name: string): void {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  inner.set(name, (inner.get(name) ?? 0) + 1);
}

/**
 * Measures how well the behaviour model predicts each next call on held-out events, against two baselines:
 * most-frequent (the identity's most frequent calls in training, then the population's) and a first-order
 * Markov chain (the most frequent successor of the previous call over the population). History comes from the
 * same session (events of the test period included, as a live predictor would see them).
 *
 * @example
 * const result = evaluate(events, { trainFraction: 0.7 });
 * console.log(`model top-1 ${result.model.top1}, markov top-1 ${result.baselines.markov1.top1}`);
 */
export function evaluate(events: readonly ParsedEvent[], options: EvaluateOptions = {}): EvaluationResult {
  const fraction = Math.min(0.95, Math.max(0.05, options.trainFraction ?? 0.7));
  const split = options.split ?? 'time';
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const train = new Set<ParsedEvent>();
  if (split === 'time') {
    for (const event of sorted.slice(0, Math.floor(sorted.length * fraction))) train.add(event);
  } else {
    const byIdentity = new Map<string, ParsedEvent[]>();
    for (const event of sorted) {
      const list = byIdentity.get(event.identity) ?? [];
      list.push(event);
      byIdentity.set(event.identity, list);
    }
    for (const list of byIdentity.values())
      for (const event of list.slice(0, Math.floor(list.length * fraction))) train.add(event);
  }
  const model = BehaviourModel.fit(train, options);
  const order = options.order ?? 3;

  // Baselines, from the training sessions only.
  const global = new Map<string, number>();
  const byIdentity = new Map<string, Map<string, number>>();
  const transitions = new Map<string, Map<string, number>>();
  for (const session of sessionise(train, options.sessionGapMinutes)) {
    let previous = SESSION_START;
    for (const event of session.events) {
      global.set(event.eventName, (global.get(event.eventName) ?? 0) + 1);
      bump(byIdentity, event.identity, event.eventName);
      bump(transitions, previous, event.eventName);
      previous = event.eventName;
    }
  }
  const globalRanked = ranked(global);

  const hits = { model: [0, 0], mostFrequent: [0, 0], markov1: [0, 0] };
  const score = (key: keyof typeof hits, guesses: string[], actual: string) => {
    if (guesses[0] === actual) hits[key][0]!++;
    if (guesses.slice(0, 3).includes(actual)) hits[key][1]!++;
  };
  let tested = 0;
  for (const session of sessionise(sorted, options.sessionGapMinutes)) {
    const names = session.events.map((e) => e.eventName);
    session.events.forEach((event, i) => {
      if (train.has(event)) return;
      tested++;
      const history = names.slice(Math.max(0, i - order), i);
      const actual = event.eventName;
      score(
        'model',
        model.predictNext({ identity: event.identity, history }, 3).map((p) => p.eventName),
        actual,
      );
      score('mostFrequent', topK(ranked(byIdentity.get(event.identity)), globalRanked, 3), actual);
      const previous = i === 0 ? SESSION_START : names[i - 1]!;
      score('markov1', topK(ranked(transitions.get(previous)), globalRanked, 3), actual);
    });
  }
  const rate = (n: number) => (tested === 0 ? 0 : Math.round((n / tested) * 10_000) / 10_000);
  const accuracy = (key: keyof typeof hits) => ({ top1: rate(hits[key][0]!), top3: rate(hits[key][1]!) });
  return {
    split,
    trainEvents: train.size,
    testEvents: tested,
    model: accuracy('model'),
    baselines: { mostFrequent: accuracy('mostFrequent'), markov1: accuracy('markov1') },
  };
}
