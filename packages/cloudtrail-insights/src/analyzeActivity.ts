import { aggregateEvents, sortedCounts } from './aggregateEvents.js';
import { BehaviourModel, type BehaviourModelOptions } from './model/BehaviourModel.js';
import type { ActivityReport, IdentityReport } from './types/ActivityReport.js';
import type { ParsedEvent } from './types/CloudTrailRecord.js';

/** Options of {@link analyzeActivity}. */
export interface AnalyzeOptions extends BehaviourModelOptions {
  /** Only this identity (default: every identity, most active first). */
  identity?: string;
  /** Identities in the report (default 20). */
  maxIdentities?: number;
  /** Items in each top list (default 10). */
  top?: number;
  /** Predictions per identity (default 5). */
  predictions?: number;
}

/**
 * Runs the whole deterministic analysis: aggregations, then per identity its top actions, active hours, the
 * likely next calls after its latest session, and its anomalies. No AWS calls.
 *
 * @example
 * import { analyzeActivity, readCloudTrailFiles } from '@mv/cloudtrail-insights';
 * const report = analyzeActivity(await readCloudTrailFiles('./trail'), { maxIdentities: 5 });
 * for (const who of report.identities) console.log(who.identity, who.predictedNext[0]);
 */
export function analyzeActivity(
  events: readonly ParsedEvent[],
  options: AnalyzeOptions = {},
  model: BehaviourModel = BehaviourModel.fit(events, options),
): ActivityReport {
  const scoped = options.identity ? events.filter((e) => e.identity === options.identity) : events;
  const top = options.top ?? 10;
  const summary = aggregateEvents(scoped, { top });
  const wanted = options.identity
    ? [options.identity]
    : model.identities().slice(0, options.maxIdentities ?? 20);
  const identities: IdentityReport[] = wanted
    .filter((identity) => model.eventsOf(identity).length > 0)
    .map((identity) => {
      const own = model.eventsOf(identity);
      const actions = new Map<string, number>();
      for (const event of own) actions.set(event.eventName, (actions.get(event.eventName) ?? 0) + 1);
      const sessions = model.sessions(identity);
      const lastSession = sessions[sessions.length - 1]?.eventNames ?? [];
      return {
        identity,
        events: own.length,
        errors: own.filter((e) => e.errorCode).length,
        topActions: sortedCounts(actions, top),
        activeHours: model.activeHours(identity),
        predictedNext: model.predictNext(
          { identity, history: lastSession.slice(-3) },
          options.predictions ?? 5,
        ),
        lastSession: lastSession.slice(-10),
        anomalies: model.anomalies(identity),
      };
    });
  const all = options.identity ? model.anomalies(options.identity) : model.anomalies();
  const kinds = new Map<string, number>();
  for (const anomaly of all) kinds.set(anomaly.kind, (kinds.get(anomaly.kind) ?? 0) + 1);
  return {
    summary,
    identities,
    anomalies: {
      total: all.length,
      high: all.filter((a) => a.severity === 'high').length,
      byKind: sortedCounts(kinds),
    },
  };
}
