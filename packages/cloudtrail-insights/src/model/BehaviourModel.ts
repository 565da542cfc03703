import type { ActiveHours, Anomaly, IamPolicy, Prediction, Session } from '../types/Behaviour.js';
import type { InsightEvent, ParsedEvent } from '../types/CloudTrailRecord.js';
import { AnomalyDetector, type AnomalyOptions } from './AnomalyDetector.js';
import { NgramCounts, SESSION_START } from './NgramCounts.js';
import { DEFAULT_SESSION_GAP_MINUTES, type EventSession, sessionise } from './sessionise.js';
import { type SuggestPolicyOptions, suggestPolicy } from './suggestPolicy.js';

/** Options of {@link BehaviourModel.fit}. */
export interface BehaviourModelOptions extends AnomalyOptions {
  /** A gap longer than this starts a new session (default 30 minutes). */
  sessionGapMinutes?: number;
  /** Longest history the predictor conditions on (default 3). */
  order?: number;
  /** Add-alpha smoothing of the base (unigram) distribution (default 0.1). */
  alpha?: number;
}

/** Input of {@link BehaviourModel.predictNext}. */
export interface PredictionQuery {
  /** Whose next call to predict; unknown or missing identities use the population model only. */
  identity?: string;
  /** The calls made so far in the current session, oldest first (event names). Empty: a session start. */
  history: readonly string[];
}

/**
 * Learns how identities work from CloudTrail events: sessions, a back-off n-gram predictor of the next call,
 * active hours, anomalies and a least-privilege policy per identity. Pure: no AWS calls.
 *
 * @example
 * import { BehaviourModel, parseCloudTrail } from '@mv/cloudtrail-insights';
 * const model = BehaviourModel.fit(parseCloudTrail(text));
 * model.predictNext({ identity: 'alice', history: ['ListBuckets'] }, 3);
 * model.anomalies().filter((a) => a.severity === 'high');
 */
export class BehaviourModel {
  private readonly global: NgramCounts;
  private readonly perIdentity = new Map<string, NgramCounts>();
  private readonly eventsByIdentity = new Map<string, ParsedEvent[]>();
  private readonly alpha: number;
  private cachedAnomalies?: Anomaly[];

  private constructor(
    private readonly sessionList: EventSession<ParsedEvent>[],
    private readonly options: BehaviourModelOptions,
  ) {
    const order = options.order ?? 3;
    this.alpha = options.alpha ?? 0.1;
    this.global = new NgramCounts(order);
    for (const session of sessionList) {
      const names = session.events.map((e) => e.eventName);
      this.global.addSequence(names);
      let counts = this.perIdentity.get(session.identity);
      if (!counts) {
        counts = new NgramCounts(order);
        this.perIdentity.set(session.identity, counts);
      }
      counts.addSequence(names);
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
    return [...this.global.unigrams.keys()].sort();
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
   * Ranks the likely next calls. Backs off from the longest matching history (up to `order`) to shorter ones
   * and to the population, with Witten-Bell interpolation over an add-alpha smoothed base, so probabilities
   * sum to 1 over the vocabulary and an unseen history still gets an answer.
   *
   * @example
   * model.predictNext({ identity: 'alice', history: ['CreateBucket', 'PutBucketPolicy'] }, 3);
   * // [{ eventName: 'PutObject', probability: 0.52 }, ...]
   */
  predictNext(query: PredictionQuery, k = 5): Prediction[] {
    const distribution = this.distribution(query);
    return [...distribution]
      .map(([eventName, probability]) => ({ eventName, probability }))
      .sort((a, b) => b.probability - a.probability || (a.eventName < b.eventName ? -1 : 1))
      .slice(0, Math.max(0, k));
  }

  private distribution(query: PredictionQuery): Map<string, number> {
    const vocabulary = this.global.unigrams;
    const size = vocabulary.size;
    let p = new Map<string, number>();
    const denominator = this.global.total + this.alpha * size;
    for (const [token, count] of vocabulary) p.set(token, (count + this.alpha) / denominator);
    const own = query.identity === undefined ? undefined : this.perIdentity.get(query.identity);
    if (own) p = interpolateUnigram(own, p);
    const history = query.history.length === 0 ? [SESSION_START] : query.history;
    for (let n = 1; n <= this.global.order && n <= history.length; n++) {
      const context = history.slice(history.length - n);
      p = this.global.interpolate(context, p);
      if (own) p = own.interpolate(context, p);
    }
    return p;
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

function interpolateUnigram(counts: NgramCounts, lower: Map<string, number>): Map<string, number> {
  const types = counts.unigrams.size;
  const denominator = counts.total + types;
  const out = new Map<string, number>();
  for (const [token, p] of lower) out.set(token, (types * p) / denominator);
  for (const [token, count] of counts.unigrams) out.set(token, (out.get(token) ?? 0) + count / denominator);
  return out;
}
