/** Marks the start of a session in n-gram contexts. @internal */
export const SESSION_START = '<s>';
/** Longest context the tables keep (numeric context keys stay exact up to 3 tokens). @internal */
export const MAX_ORDER = 3;
/** Token ids are below this base, so a context of up to {@link MAX_ORDER} ids is one exact number. */
const BASE = 2 ** 17;

/** The counts of one matching context: next token id -> count, their total and number of distinct tokens. @internal */
export interface ContextLevel {
  next: Map<number, number>;
  total: number;
  types: number;
}

/**
 * Interns call names as small integers, shared by every table of one model, so that contexts are numbers
 * rather than joined strings (a fit over 100k calls builds millions of context keys).
 * @internal
 */
export class TokenIds {
  private readonly ids = new Map<string, number>([[SESSION_START, 0]]);

  /** The id of a token, added if new. */
  intern(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.ids.size;
      if (id >= BASE - 1) throw new RangeError(`more than ${BASE - 2} distinct call names`);
      this.ids.set(token, id);
    }
    return id;
  }

  /** The id of a known token, or undefined. */
  get(token: string): number | undefined {
    return this.ids.get(token);
  }
}

/**
 * Counts of next tokens after contexts of length 1..order (at most {@link MAX_ORDER}), plus unigram counts.
 * @internal
 */
export class NgramCounts {
  /** token id -> count */
  readonly unigrams = new Map<number, number>();
  /** context key -> counts of the tokens that followed it */
  readonly contexts = new Map<number, ContextLevel>();
  total = 0;
  readonly order: number;

  constructor(
    order: number,
    readonly ids: TokenIds,
  ) {
    this.order = Math.min(MAX_ORDER, Math.max(1, Math.floor(order)));
  }

  /** Adds one session: every token is a target, its preceding tokens (with a start marker) the contexts. */
  addSequence(tokens: readonly number[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const target = tokens[i]!;
      this.unigrams.set(target, (this.unigrams.get(target) ?? 0) + 1);
      this.total++;
      let key = 0;
      let scale = 1;
      for (let n = 1; n <= this.order && i - n >= -1; n++) {
        key += ((i - n === -1 ? 0 : tokens[i - n]!) + 1) * scale;
        scale *= BASE;
        let level = this.contexts.get(key);
        if (!level) {
          level = { next: new Map(), total: 0, types: 0 };
          this.contexts.set(key, level);
        }
        const seen = level.next.get(target) ?? 0;
        if (seen === 0) level.types++;
        level.next.set(target, seen + 1);
        level.total++;
      }
    }
  }

  /** The unigram table as a level (e.g. the identity's own call frequencies). */
  unigramLevel(): ContextLevel {
    return { next: this.unigrams, total: this.total, types: this.unigrams.size };
  }

  /**
   * The seen contexts that end the history, shortest first (an empty history is a session start). A context
   * with a call never seen in training matches nothing longer: the distribution backs off past it. With
   * `opensSession`, the history is known to start a session (a gap longer than the session gap precedes it), so
   * its contexts may reach back to the start marker.
   */
  levels(history: readonly string[], opensSession = false): ContextLevel[] {
    const out: ContextLevel[] = [];
    let key = 0;
    let scale = 1;
    const length = history.length === 0 ? 1 : history.length + (opensSession ? 1 : 0);
    for (let n = 1; n <= this.order && n <= length; n++) {
      const id = n > history.length ? 0 : this.ids.get(history[history.length - n]!);
      if (id === undefined) break;
      key += (id + 1) * scale;
      scale *= BASE;
      const level = this.contexts.get(key);
      if (level) out.push(level);
    }
    return out;
  }

  /**
   * Witten-Bell interpolation of `levels` (shortest first) onto a lower-order probability `base` of `token`:
   * P(w|h) = (c(h,w) + T(h) * P_lower(w)) / (c(h) + T(h)), with T(h) the number of distinct continuations.
   */
  static wittenBell(levels: readonly ContextLevel[], token: number, base: number): number {
    let p = base;
    for (const level of levels)
      p = ((level.next.get(token) ?? 0) + level.types * p) / (level.total + level.types);
    return p;
  }
}
