import { aggregateEvents } from '../aggregateEvents.js';
import { analyzeActivity } from '../analyzeActivity.js';
import { InvalidQueryError } from '../errors.js';
import type { McpHandlerOptions } from '../mcp/handleMcpRequest.js';
import { BehaviourModel } from '../model/BehaviourModel.js';

/** Query of the UI's `/api/analysis`. */
export interface AnalysisQuery {
  startTime?: string;
  endTime?: string;
  identity?: string;
  claude?: boolean;
  maxEvents?: number;
}

/**
 * Everything the web UI shows for a time range and identity: counts and heatmap, top actions, predictions,
 * anomalies, the suggested policy and Claude's narrative (or why it was skipped). A pure function of the source.
 *
 * @example
 * const view = await analysisView(mcpOptionsFromEnv(), { identity: 'alice' });
 */
export async function analysisView(options: McpHandlerOptions, query: AnalysisQuery) {
  const { provider } = options;
  const { events, truncated } = await provider.fetch({
    startTime: query.startTime || undefined,
    endTime: query.endTime || undefined,
    maxEvents: query.maxEvents ?? 20_000,
  });
  const model = BehaviourModel.fit(events);
  const identities = aggregateEvents(events).byIdentity;
  if (query.identity && !identities.some((i) => i.key === query.identity)) {
    throw new InvalidQueryError(`no events of ${query.identity} in this time range`);
  }
  const focus = query.identity || identities[0]?.key;
  const report = analyzeActivity(events, { identity: query.identity || undefined, maxIdentities: 10 }, model);
  const sessions = focus ? model.sessions(focus) : [];
  const history = sessions[sessions.length - 1]?.eventNames.slice(-3) ?? [];
  let claude: Record<string, unknown>;
  if (!query.claude) claude = { skipped: 'not requested' };
  else if (!options.analyst)
    claude = { skipped: options.analystUnavailableReason ?? 'Bedrock is not configured' };
  else {
    try {
      claude = { ...(await options.analyst.analyze(report)) };
    } catch (error) {
      claude = { skipped: `Bedrock call failed: ${(error as Error).name}` };
    }
  }
  const status = await provider.status();
  return {
    source: provider.kind,
    region: status.region ?? null,
    window: {
      startTime: query.startTime ?? null,
      endTime: query.endTime ?? null,
      identity: query.identity || null,
    },
    truncated,
    identities,
    focus: focus ?? null,
    report,
    prediction: focus ? { history, predictions: model.predictNext({ identity: focus, history }, 5) } : null,
    anomalies: (query.identity ? model.anomalies(query.identity) : model.anomalies())
      .slice()
      .sort(
        (a, b) =>
          ['high', 'medium', 'low'].indexOf(a.severity) - ['high', 'medium', 'low'].indexOf(b.severity),
      )
      .slice(0, 50),
    policy: focus ? model.suggestPolicy(focus) : null,
    claude,
  };
}
