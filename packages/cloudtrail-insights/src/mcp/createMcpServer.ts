import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ActivityAnalysis, activityAnalysis } from '../useCases/activityAnalysis.js';
import { eventNameCounts, NameCounts } from '../useCases/eventNameCounts.js';
import { explainError } from '../useCases/explainError.js';
import type { InsightsOptions } from '../useCases/InsightsOptions.js';
import { leastPrivilegePolicy, PolicySuggestion } from '../useCases/leastPrivilegePolicy.js';
import { EventList, lookupEvents } from '../useCases/lookupEvents.js';
import { NextActionsAnswer, predictNextActions } from '../useCases/predictNextActions.js';
import { serverStatus } from '../useCases/serverStatus.js';
import { VERSION } from '../version.js';
import { TOOL_INPUTS } from './toolInputs.js';

/**
 * Options of {@link createMcpServer}: those of the use cases. `toolTimeBudgetMs` defaults to 45 s here, below the
 * MCP SDK client's 60 s request timeout (raise it for clients configured with longer timeouts).
 */
export type McpServerOptions = InsightsOptions;

/**
 * Runs a use case as a tool: its answer as `structuredContent` (checked by the SDK against the tool's output
 * schema) and as JSON text for clients without structured output; an error as a safe message.
 */
function tool<A>(run: (args: A) => Promise<object>): (args: A) => Promise<CallToolResult> {
  return async (args) => {
    try {
      const value = (await run(args)) as Record<string, unknown>;
      return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
    } catch (error) {
      const { message, internal } = explainError(error);
      if (internal) console.error('[mv-cloudtrail-mcp] tool failed:', error);
      return { content: [{ type: 'text', text: message }], isError: true };
    }
  };
}

/**
 * Builds the MCP server: tools `lookup_cloudtrail_events`, `get_cloudtrail_event_names`,
 * `analyze_developer_activity`, `predict_next_actions`, `suggest_least_privilege_policy` (each with an input and
 * an output schema, answering with `structuredContent`) and the resource `cloudtrail://status`. Each tool is one
 * use case of `src/useCases`. Create one per request with a stateless transport (the SDK refuses reuse).
 *
 * @example
 * import { createMcpServer, lookupEventsProvider, LookupEventsSource } from '@mv/cloudtrail-insights';
 * const server = createMcpServer({ provider: lookupEventsProvider(new LookupEventsSource()) });
 * await server.connect(transport);
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const use: InsightsOptions = { ...options, toolTimeBudgetMs: options.toolTimeBudgetMs ?? 45_000 };
  const server = new McpServer({ name: 'mv-cloudtrail-insights', version: VERSION });

  server.registerTool(
    'lookup_cloudtrail_events',
    {
      description:
        'Look up CloudTrail management events in a time range with at most one attribute filter. Reads every page ' +
        '(paced to the CloudTrail quota) up to maxResults and says whether the result was truncated.',
      inputSchema: TOOL_INPUTS.lookup,
      outputSchema: EventList,
    },
    tool((args) => lookupEvents(use, args)),
  );

  server.registerTool(
    'get_cloudtrail_event_names',
    {
      description:
        'Count events by event name over the whole window (all pages), sorted by count. Also counts by identity and event source.',
      inputSchema: TOOL_INPUTS.eventNames,
      outputSchema: NameCounts,
    },
    tool((args) => eventNameCounts(use, args)),
  );

  server.registerTool(
    'analyze_developer_activity',
    {
      description:
        'Analyse developer behaviour in a window: counts, hour x weekday activity, per-identity top actions, predicted ' +
        'next actions, anomalies (sensitive actions, error bursts, first-seen IP/Region), and a Claude narrative when Bedrock is configured.',
      inputSchema: TOOL_INPUTS.analysis,
      outputSchema: ActivityAnalysis,
    },
    tool((args) => activityAnalysis(use, args)),
  );

  server.registerTool(
    'predict_next_actions',
    {
      description:
        "Predict an identity's next API calls, with probabilities, from its history in the window (a mixture of " +
        'n-grams, a recency cache and burst completion fitted on held-out calls). Give history (and its times) to ' +
        "predict after specific calls; by default the identity's calls of the 30 minutes up to its latest call are " +
        "used. `reliability` is the model's held-out top-3 hit rate: on " +
        "the identity's own calls when it has enough, else on everyone's (`basis`).",
      inputSchema: TOOL_INPUTS.prediction,
      outputSchema: NextActionsAnswer,
    },
    tool((args) => predictNextActions(use, args)),
  );

  server.registerTool(
    'suggest_least_privilege_policy',
    {
      description:
        'Suggest a least-privilege IAM policy for an identity from the calls it actually made successfully in the window.',
      inputSchema: TOOL_INPUTS.policy,
      outputSchema: PolicySuggestion,
    },
    tool((args) => leastPrivilegePolicy(use, args)),
  );

  server.registerResource(
    'status',
    'cloudtrail://status',
    {
      description: 'Region, event source, pacing state and version of this server',
      mimeType: 'application/json',
    },
    async (uri) => ({
      contents: [
        { uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await serverStatus(use)) },
      ],
    }),
  );
  return server;
}
