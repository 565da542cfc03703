import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { BurstSets, burstsOf, currentBurst } from './burstSets.js';
import { matchContinuation } from './matchContinuation.js';
import { type ContextLevel, NgramCounts, SESSION_START, TokenIds } from './NgramCounts.js';
import { CACHE_WINDOW } from './recencyCache.js';
import { currentSessionStart, DEFAULT_SESSION_GAP_MINUTES, type EventSession } from './sessionise.js';

/** The components of the next-call mixture, in the order of every probability vector. */
export const COMPONENTS = [
  'population',
  'identity',
  'service',
  'cache',
  'session',
  'match',
  'burst',
] as const;
/** @see COMPONENTS */
export type ComponentName = (typeof COMPONENTS)[number];

/** What one query resolves to before any token is scored (context lookups are done once). @internal */
export interface ResolvedQuery {
  population: ContextLevel[];
  identity?: ContextLevel[];
  service?: ContextLevel;
  cache: ReadonlyMap<string, number>;
  session: ReadonlyMap<string, number>;
  match: ReadonlyMap<string, number>;
  /** The calls that complete the current burst. */
  burst: ReadonlyMap<string, number>;
}

/**
 * The counts behind the components: a population n-gram table, one table per identity, and the calls that
 * follow a call of each AWS service (event source), all from the same sessions.
 * @internal
 */
export class CallCounts {
  readonly population: NgramCounts;
  readonly byIdentity = new Map<string, NgramCounts>();
  private readonly ids = new TokenIds();
  private readonly names: string[] = [];
  private readonly serviceOf = new Map<string, string>();
  private readonly afterService = new Map<string, ContextLevel>();
  private readonly baseDenominator: number;
  private readonly bursts = new BurstSets();

  constructor(
    sessions: readonly EventSession<InsightEvent>[],
    order: number,
    private readonly alpha: number,
    private readonly gapMinutes = DEFAULT_SESSION_GAP_MINUTES,
  ) {
    this.population = new NgramCounts(order, this.ids);
    for (const session of sessions) {
      const tokens = session.events.map((e) => this.intern(e.eventName));
      this.population.addSequence(tokens);
      let own = this.byIdentity.get(session.identity);
      if (!own) {
        own = new NgramCounts(order, this.ids);
        this.byIdentity.set(session.identity, own);
      }
      own.addSequence(tokens);
      for (const burst of burstsOf(session.events)) this.bursts.add(burst);
      let service = SESSION_START;
      session.events.forEach((event, i) => {
        this.serviceOf.set(event.eventName, event.eventSource);
        this.countAfter(service, tokens[i]!);
        service = event.eventSource;
      });
    }
    this.baseDenominator = this.population.total + alpha * this.population.unigrams.size;
  }

  private intern(name: string): number {
    const id = this.ids.intern(name);
    this.names[id] = name;
    return id;
  }

  private countAfter(service: string, name: number): void {
    let level = this.afterService.get(service);
    if (!level) {
      level = emptyLevel();
      this.afterService.set(service, level);
    }
    bump(level, name);
  }

  /**
   * Looks up everything a query's scores depend on (the cache is built by the caller: it has a half-life). A
   * history with times may span several sessions (the identity's recent calls): the n-gram, session and match
   * contexts start after its latest gap longer than the session gap (at the session start marker), the cache and
   * the burst see it all.
   */
  resolve(
    identity: string | undefined,
    history: readonly string[],
    cache: ReadonlyMap<string, number>,
    times?: readonly number[],
  ): ResolvedQuery {
    const own = identity === undefined ? undefined : this.byIdentity.get(identity);
    const start = times ? currentSessionStart(times, this.gapMinutes) : 0;
    const session = history.slice(start);
    const last = history.length === 0 ? SESSION_START : this.serviceOf.get(history[history.length - 1]!);
    return {
      population: this.population.levels(session, start > 0),
      identity: own && [own.unigramLevel(), ...own.levels(session, start > 0)],
      service: last === undefined ? undefined : this.afterService.get(last),
      cache,
      session: sessionSuccessors(session),
      match: matchContinuation(session),
      burst: this.bursts.next(currentBurst(history, times)),
    };
  }

  /**
   * The probability each component gives `token`, in {@link COMPONENTS} order. A component with nothing to say
   * stands in with the next broader one (unknown identity or service: the population; nothing recent: the
   * identity's call frequencies, as the recency baseline backs off, or the population's for a newcomer; a last
   * call not yet followed in this session: the cache; no earlier match: the session; no burst continuation: the
   * population), so every component is a distribution and any mixture of them sums to 1.
   */
  probabilities(query: ResolvedQuery, token: string): number[] {
    const id = this.ids.get(token);
    const count = id === undefined ? undefined : this.population.unigrams.get(id);
    const population =
      id === undefined || count === undefined
        ? 0
        : NgramCounts.wittenBell(query.population, id, (count + this.alpha) / this.baseDenominator);
    const base = count === undefined ? 0 : (count + this.alpha) / this.baseDenominator;
    const identity =
      query.identity && id !== undefined ? NgramCounts.wittenBell(query.identity, id, base) : population;
    // Recency's back-off: with no recent call, the calls this identity makes most (its unigram level).
    const frequent =
      query.identity && id !== undefined
        ? NgramCounts.wittenBell(query.identity.slice(0, 1), id, base)
        : population;
    const cache = query.cache.size > 0 ? (query.cache.get(token) ?? 0) : frequent;
    const session = query.session.size > 0 ? (query.session.get(token) ?? 0) : cache;
    return [
      population,
      identity,
      query.service && id !== undefined ? NgramCounts.wittenBell([query.service], id, base) : population,
      cache,
      session,
      query.match.size > 0 ? (query.match.get(token) ?? 0) : session,
      query.burst.size > 0 ? (query.burst.get(token) ?? 0) : population,
    ];
  }

  /** Every call a query can rank: the training vocabulary and the calls of the session so far. */
  candidates(query: ResolvedQuery): Iterable<string> {
    const out = new Set<string>();
    for (const id of this.population.unigrams.keys()) out.add(this.names[id]!);
    for (const token of query.cache.keys()) out.add(token);
    return out;
  }
}

/**
 * The calls that followed the latest call earlier in this session (a session-local bigram): a page reloaded or
 * a loop run again repeats its sequence, which a recency ranking alone does not order.
 */
function sessionSuccessors(history: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const last = history[history.length - 1];
  const from = Math.max(1, history.length - CACHE_WINDOW);
  let total = 0;
  for (let i = from; i < history.length; i++) {
    if (history[i - 1] !== last) continue;
    out.set(history[i]!, (out.get(history[i]!) ?? 0) + 1);
    total++;
  }
  for (const [token, count] of out) out.set(token, count / total);
  return out;
}

function emptyLevel(): ContextLevel {
  return { next: new Map(), total: 0, types: 0 };
}

function bump(level: ContextLevel, token: number): void {
  const seen = level.next.get(token) ?? 0;
  if (seen === 0) level.types++;
  level.next.set(token, seen + 1);
  level.total++;
}
