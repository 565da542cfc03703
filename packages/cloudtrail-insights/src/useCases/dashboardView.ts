import { z } from 'zod';
import { aggregateEvents } from '../aggregateEvents.js';
import { InvalidQueryError } from '../errors.js';
import type { Anomaly } from '../types/Behaviour.js';
import { analyseWindow } from './analyseWindow.js';
import { claudeNarrative } from './claudeNarrative.js';
import type { InsightsOptions } from './InsightsOptions.js';
import { policyFrom } from './leastPrivilegePolicy.js';
import { nextActions } from './nextActions.js';

const text = z.string().max(200, 'must be a string of at most 200 characters');

/**
 * A dashboard request: the time range, the identity to focus on, whether to ask Claude. Empty strings mean "not
 * given" (form fields).
 *
 * @example
 * DashboardQuery.parse({ startTime: '2024-07-01T00:00:00Z', identity: 'alice', claude: true });
 */
export const DashboardQuery = z.object({
  startTime: text.optional(),
  endTime: text.optional(),
  identity: text.optional(),
  claude: z.boolean().optional(),
  maxEvents: z.number().int().min(1).max(200_000).optional(),
});
/** @see DashboardQuery */
export type DashboardQuery = z.infer<typeof DashboardQuery>;

const SEVERITY_ORDER = ['high', 'medium', 'low'];
const bySeverity = (a: Anomaly, b: Anomaly) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);

/**
 * Everything the dashboard shows for a time range and identity: counts and heatmap, top actions, predictions,
 * anomalies, the suggested policy and Claude's narrative (or why it was skipped). The report is the same
 * {@link analyseWindow} the MCP tool `analyze_developer_activity` answers with; predictions and policy are those of
 * `predict_next_actions` and `suggest_least_privilege_policy`.
 *
 * @throws InvalidQueryError when the identity made no calls in the window.
 * @example
 * const view = await dashboardView({ provider }, { identity: 'alice' });
 */
export async function dashboardView(options: InsightsOptions, query: DashboardQuery) {
  const window = { startTime: query.startTime || undefined, endTime: query.endTime || undefined };
  const wanted = query.identity || undefined;
  const { events, truncated, model, report, identity } = await analyseWindow(options, window, {
    maxEvents: query.maxEvents ?? 20_000,
    maxIdentities: 10,
    narrowTo: wanted,
  });
  if (wanted && identity !== wanted) throw new InvalidQueryError(`no events of ${wanted} in this time range`);
  const identities = aggregateEvents(events).byIdentity;
  const focus = identity ?? identities[0]?.key;
  const status = await options.provider.status();
  return {
    source: options.provider.kind,
    region: (status.region as string | undefined) ?? null,
    window: { startTime: query.startTime ?? null, endTime: query.endTime ?? null, identity: wanted ?? null },
    truncated,
    identities,
    focus: focus ?? null,
    report,
    prediction: focus ? nextActions(model, focus, 5) : null,
    anomalies: model.anomalies(identity).slice().sort(bySeverity).slice(0, 50),
    policy: focus ? policyFrom(events, focus).policy : null,
    claude: await claudeNarrative(options, report, query.claude ?? false),
  };
}

/** What {@link dashboardView} answers. */
export type DashboardView = Awaited<ReturnType<typeof dashboardView>>;
