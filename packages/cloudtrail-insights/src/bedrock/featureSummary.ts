import type { ActivityReport } from '../types/ActivityReport.js';

/** Bound on the JSON sent to the model, in characters (about 3k tokens). */
export const MAX_FEATURE_CHARS = 12_000;

/**
 * Compacts an {@link ActivityReport} into the features Claude needs: counts, per-identity top actions, peak hours,
 * predictions and the strongest anomalies. Never raw events; shrinks lists until it fits `maxChars`.
 *
 * @example
 * const features = featureSummary(analyzeActivity(events));
 * JSON.parse(features).identities.length;
 */
export function featureSummary(report: ActivityReport, maxChars = MAX_FEATURE_CHARS): string {
  for (const [identities, top, anomalies] of [
    [12, 8, 5],
    [8, 5, 3],
    [5, 3, 2],
    [3, 3, 1],
    [1, 2, 1],
  ] as const) {
    const compact = {
      window: { from: report.summary.from, to: report.summary.to },
      totals: {
        events: report.summary.total,
        errors: report.summary.errors,
        read: report.summary.readWrite.read,
        write: report.summary.readWrite.write,
      },
      topEventNames: report.summary.byEventName.slice(0, top).map((c) => `${c.key}:${c.count}`),
      topErrorCodes: report.summary.byErrorCode.slice(0, 3).map((c) => `${c.key}:${c.count}`),
      anomalies: report.anomalies,
      identities: report.identities.slice(0, identities).map((who) => ({
        identity: who.identity,
        events: who.events,
        errors: who.errors,
        topActions: who.topActions.slice(0, top).map((c) => `${c.key}:${c.count}`),
        peakHoursUtc: who.activeHours.peakHoursUtc,
        activeWeekdays: who.activeHours.activeWeekdays,
        sessions: who.activeHours.sessions,
        medianSessionMinutes: who.activeHours.medianSessionMinutes,
        lastSession: who.lastSession.slice(-5),
        predictedNext: who.predictedNext.slice(0, 3).map((p) => `${p.eventName}:${p.probability.toFixed(2)}`),
        anomalies: who.anomalies
          .filter((a) => a.severity !== 'low')
          .slice(0, anomalies)
          .map((a) => `${a.kind} ${a.detail}`.slice(0, 160)),
      })),
    };
    const text = JSON.stringify(compact);
    if (text.length <= maxChars) return text;
  }
  return JSON.stringify({ totals: { events: report.summary.total }, note: 'summary too large; totals only' });
}
