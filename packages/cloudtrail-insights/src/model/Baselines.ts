import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { SESSION_START } from './NgramCounts.js';
import type { EventSession } from './sessionise.js';

/** Share of the recency baseline's mass on the session's calls; the rest follows the most-frequent baseline. */
const RECENCY_MASS = 0.9;

/**
 * The three baselines {@link evaluate} compares the model with, as distributions so that MRR and log-loss are
 * defined for them too (each smoothed onto the add-one population frequencies):
 * - most-frequent: the identity's call frequencies, then the population's;
 * - Markov-1: the population's successors of the previous call (session start included);
 * - recency: the session's distinct calls, most recent first, with weights halving per place, then most-frequent.
 *
 * @example
 * const baselines = new Baselines(sessionise(trainingEvents));
 * baselines.markov1('ListBuckets'); // Map { 'GetObject' => 0.61, ... }
 * @internal
 */
export class Baselines {
  private readonly population = new Map<string, number>();
  private readonly byIdentity = new Map<string, Map<string, number>>();
  private readonly transitions = new Map<string, Map<string, number>>();
  private readonly memo = new Map<string, Map<string, number>>();
  private total = 0;

  constructor(sessions: readonly EventSession<InsightEvent>[]) {
    for (const session of sessions) {
      let previous = SESSION_START;
      for (const event of session.events) {
        this.population.set(event.eventName, (this.population.get(event.eventName) ?? 0) + 1);
        this.total++;
        bump(this.byIdentity, session.identity, event.eventName);
        bump(this.transitions, previous, event.eventName);
        previous = event.eventName;
      }
    }
  }

  /** The identity's call frequencies smoothed onto the population's. */
  mostFrequent(identity: string): Map<string, number> {
    return this.remember(`i:${identity}`, () => this.smoothed(this.byIdentity.get(identity)));
  }

  /** The population's successors of `previous` (an empty string or undefined: session start). */
  markov1(previous: string | undefined): Map<string, number> {
    return this.remember(`m:${previous ?? ''}`, () =>
      this.smoothed(this.transitions.get(previous || SESSION_START)),
    );
  }

  /** The session's distinct calls, most recent first (weights 1, 1/2, 1/4, ...), then most-frequent. */
  recency(identity: string, history: readonly string[]): Map<string, number> {
    const fallback = this.mostFrequent(identity);
    const recent: string[] = [];
    for (let i = history.length - 1; i >= 0; i--) if (!recent.includes(history[i]!)) recent.push(history[i]!);
    if (recent.length === 0) return fallback;
    const norm = recent.reduce((a, _, r) => a + 2 ** -r, 0);
    const out = new Map<string, number>();
    for (const [name, p] of fallback) out.set(name, (1 - RECENCY_MASS) * p);
    recent.forEach((name, r) => {
      out.set(name, (out.get(name) ?? 0) + (RECENCY_MASS * 2 ** -r) / norm);
    });
    return out;
  }

  private smoothed(counts: Map<string, number> | undefined): Map<string, number> {
    const size = this.population.size;
    const own = counts ? [...counts.values()].reduce((a, b) => a + b, 0) : 0;
    const out = new Map<string, number>();
    for (const [name, count] of this.population) {
      const base = (count + 1) / (this.total + size);
      out.set(name, ((counts?.get(name) ?? 0) + base) / (own + 1));
    }
    return out;
  }

  private remember(key: string, build: () => Map<string, number>): Map<string, number> {
    let value = this.memo.get(key);
    if (!value) {
      value = build();
      this.memo.set(key, value);
    }
    return value;
  }
}

function bump(map: Map<string, Map<string, number>>, key: string, name: string): void {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  inner.set(name, (inner.get(name) ?? 0) + 1);
}
