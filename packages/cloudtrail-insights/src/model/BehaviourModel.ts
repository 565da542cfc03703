import type {
  ActiveHours,
  Anomaly,
  IamPolicy,
  Prediction,
  Reliability,
  Session,
} from '../types/Behaviour.js';
import type { InsightEvent, ParsedEvent } from '../types/CloudTrailRecord.js';
import { AnomalyDetector, type AnomalyOptions } from './AnomalyDetector.js';
import {
  type FittedMixture,
  NextCallPredictor,
  type NextCallQuery,
  type PredictorOptions,
} from './NextCallPredictor.js';
import { CACHE_WINDOW } from './recencyCache.js';
import { callsSince, DEFAULT_HISTORY_MINUTES, type HistoryView } from './recentHistory.js';
import { DEFAULT_SESSION_GAP_MINUTES, type EventSession, sessionise } from './sessionise.js';
import { type SuggestPolicyOptions, suggestPolicy } from './suggestPolicy.js';

/** Options of {@link BehaviourModel.fit}. */
export interface BehaviourModelOptions extends AnomalyOptions, PredictorOptions {
  /** A gap longer than this starts a new session (default 30 minutes). */
  sessionGapMinutes?: number;
}

/** Input of {@link BehaviourModel.predictNext}. */
export interface PredictionQuery extends NextCallQuery {
  /** Whose next call to predict; unknown or missing identities use the population components only. */
  identity?: string;
  /**
   * The identity's recent calls, oldest first (event names): what the model is validated on is its calls of the
   * last 30 minutes (`historyMinutes`), across session boundaries. Empty: nothing recent, a session start.
   */
  history: readonly string[];
  /**
   * When each call of `history` was made (milliseconds since the epoch): enables the gap-state weights and the
   * burst component, and a history spanning a gap longer than the session gap is read as two sessions.
   */
  times?: readonly number[];
}

/**
 * Learns how identities work from CloudTrail events: sessions, a next-call predictor (population and identity
 * n-grams, a service transition table, a recency cache, the session's own repeats and the calls that complete a
 * console page's burst, mixed with weights fitted on a validation split),
 * active hours, anomalies and a least-privilege policy per identity. Pure: no AWS calls.
 *
 * @example
 * import { BehaviourModel, parseCloudTrail } from '@mv/cloudtrail-insights';
 * const model = BehaviourModel.fit(parseCloudTrail(text));
 * model.predictNext({ identity: 'alice', history: ['ListBuckets'] }, 3);
 * model.anomalies().filter((a) => a.severity === 'high');
 */
export class BehaviourModel {
  private readonly predictor: NextCallPredictor;
  private readonly eventsByIdentity = new Map<string, ParsedEvent[]>();
  private readonly names = new Set<string>();
  private cachedAnomalies?: Anomaly[];

  private constructor(
    private readonly sessionList: EventSession<ParsedEvent>[],
    private readonly options: BehaviourModelOptions,
  ) {
    const gap = options.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES;
    this.predictor = NextCallPredictor.fit(sessionList, gap, options);
    for (const session of sessionList) {
      for (const event of session.events) this.names.add(event.eventName);
      const list = this.eventsByIdentity.get(session.identity);
      if (list) list.push(...session.events);
      else this.eventsByIdentity.set(session.identity, [...session.events]);
    }
  }

  /**
   * Fits the model. Events need not be sorted.
   *
   * @example
   * const model = BehaviourModel.fit(events, { sessionGapMinutes: 20 });
   */
  static fit(events: Iterable<ParsedEvent>, options: BehaviourModelOptions = {}): BehaviourModel {
    return new BehaviourModel(
      sessionise(events, options.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES),
      options,
    );
  }

  /** Identities seen, most active first. */
  identities(): string[] {
    return [...this.eventsByIdentity].sort((a, b) => b[1].length - a[1].length).map(([identity]) => identity);
  }

  /** Event names seen in training (the prediction vocabulary). */
  vocabulary(): string[] {
    return [...this.names].sort();
  }

  /** Sessions (of one identity, or all), in time order per identity. */
  sessions(identity?: string): Session[] {
    return this.sessionList
      .filter((s) => identity === undefined || s.identity === identity)
      .map((s) => ({
        identity: s.identity,
        start: s.events[0]!.eventTime,
        end: s.events[s.events.length - 1]!.eventTime,
        eventNames: s.events.map((e) => e.eventName),
      }));
  }

  /** Events of one identity, in time order. */
  eventsOf(identity: string): readonly ParsedEvent[] {
    return this.eventsByIdentity.get(identity) ?? [];
  }

  /**
   * Ranks the likely next calls with their probabilities. The distribution covers the training vocabulary and
   * the calls of `history` (a call the training never saw can still be predicted to repeat) and sums to 1.
   * Pass the identity's recent calls (see {@link BehaviourModel.latestQuery}) with their `times` to use the
   * weights fitted for the current gap state (burst, steady work, pause) and the burst component.
   *
   * @throws InvalidQueryError when `times` does not give one finite time per call of `history`.
   * @example
   * model.predictNext({ identity: 'alice', history: ['CreateBucket', 'PutBucketPolicy'] }, 3);
   * // [{ eventName: 'PutObject', probability: 0.52 }, ...]
   */
  predictNext(query: PredictionQuery, k = 5): Prediction[] {
    return [...this.predictor.distribution(query)]
      .map(([eventName, probability]) => ({ eventName, probability }))
      .sort((a, b) => b.probability - a.probability || (a.eventName < b.eventName ? -1 : 1))
      .slice(0, Math.max(0, k));
  }

  /**
   * The query for "what next" after the identity's latest call: by default (`recent`) its calls of the last
   * `historyMinutes` (default 30) up to that call, across session boundaries, as {@link evaluate} and the
   * validation split ask; `session` gives its latest session instead. At most the latest 64 calls, with times;
   * empty for an unknown identity.
   *
   * @example
   * model.predictNext(model.latestQuery('alice'), 3);
   */
  latestQuery(identity: string, view: HistoryView = 'recent'): PredictionQuery {
    const own = this.eventsOf(identity);
    if (own.length === 0) return { identity, history: [], times: [] };
    const minutes = this.options.historyMinutes ?? DEFAULT_HISTORY_MINUTES;
    const latest = own[own.length - 1]!.timestamp;
    // The latest session is the run of calls no gap longer than the session gap cuts: chained gaps, not a window.
    const { history, times } =
      view === 'recent'
        ? callsSince(own, own.length, latest - minutes * 60_000, CACHE_WINDOW)
        : latestRun(own, this.options.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES);
    return { identity, history, times };
  }

  /**
   * The query for "what next" after the identity's latest session (its calls, at most 64, and their times).
   *
   * @deprecated Use {@link BehaviourModel.latestQuery} (`latestQuery(identity, 'session')` for this view).
   * @example
   * model.predictNext(model.latestSessionQuery('alice'), 3);
   */
  latestSessionQuery(identity: string): PredictionQuery {
    return this.latestQuery(identity, 'session');
  }

  /**
   * How reliable predictions for `identity` are: held-out top-1/top-3, MRR and log-loss of the model on the
   * latest part of the training events, the identity's own when it has enough of them, else the population's.
   *
   * @example
   * model.reliability('alice')?.top3; // 0.78
   */
  reliability(identity: string): Reliability | undefined {
    return this.predictor.reliability(identity);
  }

  /**
   * The cache half-life and mixture weights (per gap state) chosen on the validation split of the training events.
   *
   * @example
   * model.fittedPredictor().weights.burst; // weights of population, identity, service, cache in a burst
   */
  fittedPredictor(): FittedMixture {
    return this.predictor.fitted();
  }

  /**
   * The validation evidence for each component: the full mixture and variants without one component or without
   * gap states, each refitted and scored on the held-out calls of the training events (never a test split).
   *
   * @example
   * for (const { variant, scores } of model.validationReport()) console.log(variant, scores.top3);
   */
  validationReport(): ReturnType<NextCallPredictor['validationReport']> {
    return this.predictor.validationReport();
  }

  /** When an identity works (UTC), with session statistics. */
  activeHours(identity: string): ActiveHours {
    const events = this.eventsOf(identity);
    const hourByWeekday = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    const byHourUtc = new Array<number>(24).fill(0);
    for (const event of events) {
      if (event.timestamp <= 0) continue;
      const hour = Math.floor(event.timestamp / 3_600_000) % 24;
      hourByWeekday[(Math.floor(event.timestamp / 86_400_000) + 4) % 7]![hour]!++;
      byHourUtc[hour]!++;
    }
    const peakHoursUtc = byHourUtc
      .map((count, hour) => ({ count, hour }))
      .filter((h) => h.count > 0)
      .sort((a, b) => b.count - a.count || a.hour - b.hour)
      .slice(0, 3)
      .map((h) => h.hour);
    const activeWeekdays = hourByWeekday.flatMap((row, day) => (row.some((c) => c > 0) ? [day] : []));
    const sessions = this.sessionList.filter((s) => s.identity === identity);
    const minutes = sessions
      .map((s) => (s.events[s.events.length - 1]!.timestamp - s.events[0]!.timestamp) / 60_000)
      .sort((a, b) => a - b);
    const middle = Math.floor(minutes.length / 2);
    const median =
      minutes.length === 0
        ? 0
        : minutes.length % 2
          ? minutes[middle]!
          : (minutes[middle - 1]! + minutes[middle]!) / 2;
    return {
      identity,
      hourByWeekday,
      byHourUtc,
      peakHoursUtc,
      activeWeekdays,
      firstSeen: events[0]?.eventTime,
      lastSeen: events[events.length - 1]?.eventTime,
      sessions: sessions.length,
      medianSessionMinutes: Math.round(median * 10) / 10,
    };
  }

  /**
   * Anomalies in the training events, in time order (first-seen action/IP/Region/user agent after a baseline,
   * error bursts, sensitive actions). Pass `identity` for one identity only.
   */
  anomalies(identity?: string): Anomaly[] {
    if (!this.cachedAnomalies) {
      const all = [...this.eventsByIdentity.values()].flat().sort((a, b) => a.timestamp - b.timestamp);
      const detector = new AnomalyDetector(this.options);
      this.cachedAnomalies = all.flatMap((event) => detector.observe(event));
    }
    return identity === undefined
      ? this.cachedAnomalies
      : this.cachedAnomalies.filter((a) => a.identity === identity);
  }

  /**
   * Scores new events against what the model learnt: anomalies relative to the training history.
   *
   * @example
   * const fresh = model.detectAnomalies(parseCloudTrail(todaysFile));
   */
  detectAnomalies(events: Iterable<InsightEvent>): Anomaly[] {
    const detector = new AnomalyDetector(this.options);
    const known = [...this.eventsByIdentity.values()].flat().sort((a, b) => a.timestamp - b.timestamp);
    for (const event of known) detector.observe(event);
    return [...events].sort((a, b) => a.timestamp - b.timestamp).flatMap((event) => detector.observe(event));
  }

  /** A least-privilege IAM policy from what `identity` called successfully. */
  suggestPolicy(identity: string, options?: SuggestPolicyOptions): IamPolicy {
    return suggestPolicy(this.eventsOf(identity), options);
  }
}

/** The calls after the identity's latest gap longer than `gapMinutes` (at most the cache window), with times. */
function latestRun(
  events: readonly ParsedEvent[],
  gapMinutes: number,
): { history: string[]; times: number[] } {
  let from = events.length - 1;
  while (
    from > 0 &&
    events.length - from < CACHE_WINDOW &&
    events[from]!.timestamp - events[from - 1]!.timestamp <= gapMinutes * 60_000
  )
    from--;
  const run = events.slice(from);
  return { history: run.map((e) => e.eventName), times: run.map((e) => e.timestamp) };
}
