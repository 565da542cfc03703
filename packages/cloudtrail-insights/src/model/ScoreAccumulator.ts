import type { PredictionScores } from '../types/Behaviour.js';

/**
 * Probability a predictor is charged for a call it gave no probability (a call nobody had seen): log-loss is
 * then finite and the same penalty applies to every predictor.
 */
export const PROBABILITY_FLOOR = 1e-4;

/**
 * Adds up top-1/top-3 hits, reciprocal ranks and log-loss of predicted distributions against the calls actually
 * made. Ranks break ties by name, as `predictNext` does; a call outside the distribution has reciprocal rank 0.
 *
 * @example
 * const scores = new ScoreAccumulator();
 * scores.add(new Map([['GetObject', 0.7], ['PutObject', 0.3]]), 'PutObject');
 * scores.result(); // { top1: 0, top3: 1, mrr: 0.5, logLoss: 1.204 }
 * @internal
 */
export class ScoreAccumulator {
  private count = 0;
  private top1 = 0;
  private top3 = 0;
  private reciprocalRanks = 0;
  private negativeLogs = 0;

  /** Scores one prediction (a distribution over call names) against the call that followed. */
  add(distribution: ReadonlyMap<string, number>, actual: string): void {
    this.count++;
    const p = distribution.get(actual) ?? 0;
    this.negativeLogs -= Math.log(Math.max(p, PROBABILITY_FLOOR));
    if (p <= 0) return;
    let rank = 1;
    for (const [name, q] of distribution) if (q > p || (q === p && name < actual)) rank++;
    if (rank === 1) this.top1++;
    if (rank <= 3) this.top3++;
    this.reciprocalRanks += 1 / rank;
  }

  /** Number of predictions scored. */
  get size(): number {
    return this.count;
  }

  /** Rates rounded to 4 decimals (0 when nothing was scored); log-loss in nats per call. */
  result(): PredictionScores {
    const rate = (x: number) => (this.count === 0 ? 0 : Math.round((x / this.count) * 10_000) / 10_000);
    return {
      top1: rate(this.top1),
      top3: rate(this.top3),
      mrr: rate(this.reciprocalRanks),
      logLoss: rate(this.negativeLogs),
    };
  }
}
