import { aggregateEvents, sortedCounts } from './aggregateEvents.js';
import { BehaviourModel, type BehaviourModelOptions } from './model/BehaviourModel.js';
import type { ActivityReport, IdentityReport } from './types/ActivityReport.js';
import type { ParsedEvent } from './types/CloudTrailRecord.js';
import { nextActions } from './useCases/nextActions.js';

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
 * likely next calls after its latest session (as `predict_next_actions` predicts them), and its anomalies. No AWS calls.
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
      const own = aggregateEvents(model.eventsOf(identity), { top });
      const sessions = model.sessions(identity);
      return {
        identity,
        events: own.total,
        errors: own.errors,
        topActions: own.byEventName,
        activeHours: model.activeHours(identity),
        predictedNext: nextActions(model, identity, options.predictions ?? 5).predictions,
        lastSession: sessions[sessions.length - 1]?.eventNames.slice(-10) ?? [],
        anomalies: model.anomalies(identity),
      };
    });
  const all = model.anomalies(options.identity);
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
