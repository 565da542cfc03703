import type { ActivityReport } from '../types/ActivityReport.js';
import type { Anomaly } from '../types/Behaviour.js';
import { boundText } from './untrustedData.js';

/** Bound on the JSON sent to the model, in characters (about 3k tokens). */
export const MAX_FEATURE_CHARS = 12_000;

/** Bound on a name (identity, event name, error code) in the summary, in characters. */
export const MAX_NAME_CHARS = 64;

/** Most findings (medium and high anomalies) the summary lists; the rest are counted. */
export const MAX_FINDINGS = 25;

const name = (value: string) => boundText(value, MAX_NAME_CHARS);

// Sensitive actions (StopLogging, CreateAccessKey...) first, then high before medium, then oldest first.
function rank(a: Anomaly): number {
  return (a.kind === 'sensitive-action' ? 0 : 2) + (a.severity === 'high' ? 0 : 1);
}

function findings(report: ActivityReport): Anomaly[] {
  return report.identities
    .flatMap((who) => who.anomalies)
    .filter((a) => a.severity !== 'low')
    .sort(
      (a, b) => rank(a) - rank(b) || (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0),
    );
}

function compactFinding(a: Anomaly, detailChars: number) {
  return {
    kind: a.kind,
    severity: a.severity,
    identity: name(a.identity),
    eventName: name(a.eventName),
    eventTime: boundText(a.eventTime, 40),
    detail: boundText(a.detail, detailChars),
  };
}

/**
 * Compacts an {@link ActivityReport} into the features Claude needs: counts, per-identity top actions, peak hours,
 * predictions, and the findings (medium and high anomalies, sensitive actions first). Never raw events. Every
 * string from CloudTrail is bounded ({@link boundText}); to fit `maxChars` the per-identity lists shrink first and
 * the findings last, so one long value can never push a StopLogging finding out.
 *
 * @example
 * const features = featureSummary(analyzeActivity(events));
 * JSON.parse(features).findings[0].kind; // 'sensitive-action'
 */
export function featureSummary(report: ActivityReport, maxChars = MAX_FEATURE_CHARS): string {
  const all = findings(report);
  const base = {
    window: {
      from: report.summary.from && boundText(report.summary.from, 40),
      to: report.summary.to && boundText(report.summary.to, 40),
    },
    totals: {
      events: report.summary.total,
      errors: report.summary.errors,
      read: report.summary.readWrite.read,
      write: report.summary.readWrite.write,
    },
    anomalies: report.anomalies,
  };
  const withFindings = (count: number, detailChars: number) => ({
    ...base,
    findings: all.slice(0, count).map((a) => compactFinding(a, detailChars)),
    ...(all.length > count ? { findingsOmitted: all.length - count } : {}),
  });
  for (const [identities, top] of [
    [12, 8],
    [8, 5],
    [5, 3],
    [3, 3],
    [1, 2],
  ] as const) {
    const compact = {
      ...withFindings(MAX_FINDINGS, 160),
      topEventNames: report.summary.byEventName.slice(0, top).map((c) => `${name(c.key)}:${c.count}`),
      topErrorCodes: report.summary.byErrorCode.slice(0, 3).map((c) => `${name(c.key)}:${c.count}`),
      identities: report.identities.slice(0, identities).map((who) => ({
        identity: name(who.identity),
        events: who.events,
        errors: who.errors,
        topActions: who.topActions.slice(0, top).map((c) => `${name(c.key)}:${c.count}`),
        peakHoursUtc: who.activeHours.peakHoursUtc,
        activeWeekdays: who.activeHours.activeWeekdays,
        sessions: who.activeHours.sessions,
        medianSessionMinutes: who.activeHours.medianSessionMinutes,
        lastSession: who.lastSession.slice(-5).map(name),
        predictedNext: who.predictedNext
          .slice(0, 3)
          .map((p) => `${name(p.eventName)}:${p.probability.toFixed(2)}`),
      })),
    };
    const text = JSON.stringify(compact);
    if (text.length <= maxChars) return text;
  }
  // Not even one identity fits: totals and as many findings as fit, most important first.
  for (const [count, detailChars] of [
    [MAX_FINDINGS, 80],
    [10, 60],
    [5, 40],
    [3, 0],
    [1, 0],
  ] as const) {
    const text = JSON.stringify({ ...withFindings(count, detailChars), note: 'identities left out to fit' });
    if (text.length <= maxChars) return text;
  }
  return JSON.stringify({ totals: { events: report.summary.total }, note: 'summary too large; totals only' });
}
