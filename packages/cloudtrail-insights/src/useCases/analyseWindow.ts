import { analyzeActivity } from '../analyzeActivity.js';
import { BehaviourModel } from '../model/BehaviourModel.js';
import { activitySummary } from '../query/analyses/activitySummary.js';
import type { ActivityReport } from '../types/ActivityReport.js';
import type { InsightsOptions } from './InsightsOptions.js';
import { engineOf, readEvents, type WindowEvents } from './readEvents.js';
import { toQueryFilter, type WindowArgs } from './windowQuery.js';

/** How {@link analyseWindow} reads and reports. */
export interface WindowAnalysisOptions {
  /** Newest events the model learns from. */
  maxEvents: number;
  /** Identities in the report. */
  maxIdentities: number;
  /** Report on this identity only, when it made any of the calls read. */
  narrowTo?: string | undefined;
}

/** The events read, the model fitted on them and the report. */
export interface WindowAnalysis extends WindowEvents {
  model: BehaviourModel;
  report: ActivityReport;
  /** The identity the report is narrowed to (`narrowTo` when it made calls in the window). */
  identity?: string | undefined;
}

/**
 * The deterministic analysis of a window that the MCP tool and the dashboard share: reads the newest events, fits
 * the behaviour model once, reports on every identity or one, and with a query engine counts the whole window in
 * the engine (the model part still learns from the newest `maxEvents`).
 *
 * @example
 * const { report, model } = await analyseWindow(options, { startTime }, { maxEvents: 20_000, maxIdentities: 10 });
 */
export async function analyseWindow(
  options: InsightsOptions,
  window: WindowArgs,
  how: WindowAnalysisOptions,
): Promise<WindowAnalysis> {
  const read = await readEvents(options, window, how.maxEvents);
  // CloudTrail's Username of an assumed role is its session name, not the role name the analysis uses: narrow the
  // report only when the name is one of the identities read.
  const identity = read.events.some((e) => e.identity === how.narrowTo) ? how.narrowTo : undefined;
  const model = BehaviourModel.fit(read.events);
  const report = analyzeActivity(read.events, { identity, maxIdentities: how.maxIdentities }, model);
  const engine = engineOf(options.provider);
  if (engine) {
    const filter = toQueryFilter(identity ? { ...window, username: identity } : window);
    report.summary = (await activitySummary(engine, filter, { top: 10 })).result;
  }
  return { ...read, model, report, identity };
}
