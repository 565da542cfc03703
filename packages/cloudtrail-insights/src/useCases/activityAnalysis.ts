import { z } from 'zod';
import { ActivityReport } from '../types/ActivityReport.js';
import { analyseWindow } from './analyseWindow.js';
import { ClaudeNarrative, claudeNarrative } from './claudeNarrative.js';
import type { InsightsOptions } from './InsightsOptions.js';
import type { WindowArgs } from './windowQuery.js';

/**
 * The analysis of a window: the deterministic report and Claude's narrative (or why it was skipped).
 *
 * @example
 * const { report, claude } = ActivityAnalysis.parse(await activityAnalysis(options, {}));
 */
export const ActivityAnalysis = z.object({
  truncated: z.boolean(),
  report: ActivityReport,
  claude: ClaudeNarrative,
});
/** @see ActivityAnalysis */
export type ActivityAnalysis = z.infer<typeof ActivityAnalysis>;

/** What {@link activityAnalysis} reads. */
export interface ActivityInput extends WindowArgs {
  /** Newest events the model learns from (default 20 000). */
  maxEvents?: number;
  /** Identities in the report (default 10). */
  maxIdentities?: number;
  /** Ask Claude for a narrative (default: when configured). */
  useClaude?: boolean;
}

/**
 * Analyses developer behaviour in a window: counts, hour x weekday activity, per-identity top actions, predicted
 * next actions and anomalies, with Claude's narrative when an analyst is configured. A `username` filter also
 * narrows the report to that identity.
 *
 * @example
 * const { report, claude } = await activityAnalysis({ provider }, { username: 'alice', useClaude: false });
 */
export async function activityAnalysis(
  options: InsightsOptions,
  input: ActivityInput,
): Promise<ActivityAnalysis> {
  const { maxEvents, maxIdentities, useClaude, ...window } = input;
  const { truncated, report } = await analyseWindow(options, window, {
    maxEvents: maxEvents ?? 20_000,
    maxIdentities: maxIdentities ?? 10,
    narrowTo: window.username,
  });
  return { truncated, report, claude: await claudeNarrative(options, report, useClaude) };
}
