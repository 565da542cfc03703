/** Marks the start of a session in n-gram contexts. @internal */
export const SESSION_START = '<s>';
const SEP = '\u0001';

/**
 * Counts of next tokens after contexts of length 1..order, plus unigram counts.
 * @internal
 */
export class NgramCounts {
  readonly unigrams = new Map<string, number>();
  /** context key -> (next token -> count) */
  readonly contexts = new Map<string, Map<string, number>>();
  /** context key -> total count */
  readonly contextTotals = new Map<string, number>();
  total = 0;

  constructor(readonly order: number) {}

  static key(tokens: readonly string[]): string {
    return tokens.join(SEP);
  }

  /** Adds one session: every token is a target, its preceding tokens (with a start marker) the contexts. */
  addSequence(tokens: readonly string[]): void {
    const padded = [SESSION_START, ...tokens];
    for (let i = 1; i < padded.length; i++) {
      const target = padded[i]!;
      this.unigrams.set(target, (this.unigrams.get(target) ?? 0) + 1);
      this.total++;
      for (let n = 1; n <= this.order && i - n >= 0; n++) {
        const key = NgramCounts.key(padded.slice(i - n, i));
        let next = this.contexts.get(key);
        if (!next) {
          next = new Map();
          this.contexts.set(key, next);
        }
        next.set(target, (next.get(target) ?? 0) + 1);
        this.contextTotals.set(key, (this.contextTotals.get(key) ?? 0) + 1);
      }
    }
  }

  /**
   * Witten-Bell interpolation of this table's context of length n onto a lower-order distribution:
   * P(w|h) = (c(h,w) + T(h) * P_lower(w)) / (c(h) + T(h)), with T(h) the number of distinct continuations.
   * An unseen context leaves the lower distribution unchanged (back-off).
   */
  interpolate(context: readonly string[], lower: Map<string, number>): Map<string, number> {
    const key = NgramCounts.key(context);
    const next = this.contexts.get(key);
    if (!next) return lower;
    const total = this.contextTotals.get(key)!;
    const types = next.size;
    const out = new Map<string, number>();
    const denominator = total + types;
    for (const [token, p] of lower) out.set(token, (types * p) / denominator);
    for (const [token, count] of next) out.set(token, (out.get(token) ?? 0) + count / denominator);
    return out;
  }
}
