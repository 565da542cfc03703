import { type DashboardQuery, type DashboardView, dashboardView } from '../useCases/dashboardView.js';
import type { InsightsOptions } from '../useCases/InsightsOptions.js';

/** Query of the UI's `/api/analysis` (the schema is `DashboardQuery`). */
export type AnalysisQuery = DashboardQuery;

/**
 * Everything the web UI shows for a time range and identity: the dashboard use case ({@link dashboardView}), the
 * same report, predictions and policy the MCP tools give for that window. Takes the use cases' options only.
 *
 * @example
 * const view = await analysisView({ provider: filesProvider('./trail') }, { identity: 'alice' });
 */
export async function analysisView(options: InsightsOptions, query: AnalysisQuery): Promise<DashboardView> {
  return dashboardView(options, query);
}
