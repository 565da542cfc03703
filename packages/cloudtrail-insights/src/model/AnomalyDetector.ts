import type { Anomaly } from '../types/Behaviour.js';
import type { InsightEvent } from '../types/CloudTrailRecord.js';
import { SENSITIVE_ACTIONS } from './sensitiveActions.js';

/** Tuning of {@link AnomalyDetector}. */
export interface AnomalyOptions {
  /** Calls an identity must have made before "first seen" findings count (default 5). */
  baselineEvents?: number;
  /** Errors by one identity within `errorBurstWindowMinutes` that make a burst (default 5). */
  errorBurstSize?: number;
  /** Window for error bursts (default 5 minutes). */
  errorBurstWindowMinutes?: number;
}

// Repeats of the same sensitive call by the same identity within this window are one finding.
const SENSITIVE_REPEAT_MS = 30 * 60_000;

interface IdentityState {
  events: number;
  actions: Set<string>;
  ips: Set<string>;
  regions: Set<string>;
  userAgents: Set<string>;
  recentErrors: number[];
  burstUntil: number;
  /** action -> time of the last sensitive-action report, so a loop of calls is one finding. */
  sensitiveReported: Map<string, number>;
}

/**
 * Streams events in time order and reports what is new or risky for each identity: first-seen action, IP,
 * Region or user agent (after a baseline), error bursts, and sensitive actions (StopLogging, DeleteTrail,
 * PutBucketPolicy, CreateAccessKey...).
 *
 * @example
 * const detector = new AnomalyDetector();
 * const anomalies = events.flatMap((e) => detector.observe(e));
 */
export class AnomalyDetector {
  private readonly state = new Map<string, IdentityState>();
  private readonly baseline: number;
  private readonly burstSize: number;
  private readonly burstWindowMs: number;

  constructor(options: AnomalyOptions = {}) {
    this.baseline = options.baselineEvents ?? 5;
    this.burstSize = options.errorBurstSize ?? 5;
    this.burstWindowMs = (options.errorBurstWindowMinutes ?? 5) * 60_000;
  }

  /** Feeds one event (in time order) and returns the anomalies it shows. */
  observe(event: InsightEvent): Anomaly[] {
    let s = this.state.get(event.identity);
    if (!s) {
      s = {
        events: 0,
        actions: new Set(),
        ips: new Set(),
        regions: new Set(),
        userAgents: new Set(),
        recentErrors: [],
        burstUntil: Number.NEGATIVE_INFINITY,
        sensitiveReported: new Map(),
      };
      this.state.set(event.identity, s);
    }
    const found: Anomaly[] = [];
    const report = (kind: Anomaly['kind'], severity: Anomaly['severity'], detail: string) =>
      found.push({
        kind,
        severity,
        identity: event.identity,
        eventTime: event.eventTime,
        eventName: event.eventName,
        detail,
      });
    const established = s.events >= this.baseline;
    const lastSensitive = s.sensitiveReported.get(event.action);
    if (
      SENSITIVE_ACTIONS.has(event.action) &&
      (lastSensitive === undefined || event.timestamp - lastSensitive > SENSITIVE_REPEAT_MS)
    ) {
      s.sensitiveReported.set(event.action, event.timestamp);
      report(
        'sensitive-action',
        event.errorCode ? 'medium' : 'high',
        `${event.action}${event.errorCode ? ` (failed: ${event.errorCode})` : ''}`,
      );
    }
    if (established && !s.actions.has(event.action))
      report('first-seen-action', 'low', `first call of ${event.action}`);
    if (established && event.sourceIp && !s.ips.has(event.sourceIp)) {
      report('first-seen-ip', 'medium', `first call from ${event.sourceIp}`);
    }
    if (established && event.region && !s.regions.has(event.region)) {
      report('first-seen-region', 'medium', `first call in ${event.region}`);
    }
    if (established && event.userAgent && !s.userAgents.has(event.userAgent)) {
      report('first-seen-user-agent', 'low', `first call with user agent ${event.userAgent.slice(0, 120)}`);
    }
    if (event.errorCode) {
      s.recentErrors.push(event.timestamp);
      while (s.recentErrors.length > 0 && event.timestamp - s.recentErrors[0]! > this.burstWindowMs)
        s.recentErrors.shift();
      if (s.recentErrors.length >= this.burstSize && event.timestamp > s.burstUntil) {
        report(
          'error-burst',
          'medium',
          `${s.recentErrors.length} failed calls within ${this.burstWindowMs / 60_000} min (last: ${event.errorCode})`,
        );
        s.burstUntil = event.timestamp + this.burstWindowMs;
      }
    }
    s.events++;
    s.actions.add(event.action);
    if (event.sourceIp) s.ips.add(event.sourceIp);
    if (event.region) s.regions.add(event.region);
    if (event.userAgent) s.userAgents.add(event.userAgent);
    return found;
  }
}
