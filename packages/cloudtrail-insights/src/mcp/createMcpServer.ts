import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { aggregateEvents } from '../aggregateEvents.js';
import { analyzeActivity } from '../analyzeActivity.js';
import type { ClaudeAnalyst } from '../bedrock/ClaudeAnalyst.js';
import {
  BedrockModelError,
  CloudTrailThrottledError,
  InvalidQueryError,
  ModelOutputError,
} from '../errors.js';
import { BehaviourModel } from '../model/BehaviourModel.js';
import { activitySummary } from '../query/analyses/activitySummary.js';
import { eventLookup } from '../query/analyses/eventLookup.js';
import { QueryEngineError } from '../query/errors.js';
import type { QueryEngine } from '../query/QueryEngine.js';
import type { EventProvider } from '../sources/EventProvider.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { VERSION } from '../version.js';
import { toLookupQuery, toQueryFilter, WindowInput } from './toolInputs.js';

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  provider: EventProvider;
  /** Claude on Bedrock for `analyze_developer_activity`; without one the analysis is deterministic only. */
  analyst?: ClaudeAnalyst;
  /** Why there is no analyst (shown to the client), e.g. "BEDROCK_MODEL_ID is not set". */
  analystUnavailableReason?: string;
  /**
   * Time a tool may spend reading pages before it answers with `truncated: true` (default 45 s, below the MCP
   * SDK client's 60 s request timeout; raise it for clients configured with longer timeouts).
   */
  toolTimeBudgetMs?: number;
}

const SAFE_ERRORS = [
  InvalidQueryError,
  CloudTrailThrottledError,
  BedrockModelError,
  ModelOutputError,
  QueryEngineError,
];

/** The query engine behind a provider (Athena, DuckDB), if any: counts then happen in the engine. */
function engineOf(provider: EventProvider): QueryEngine | undefined {
  return (provider as { engine?: QueryEngine }).engine;
}

function json(value: unknown): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: value as Record<string, unknown>,
  };
}

/** Errors cross a trust boundary here: known ones say what to do, others only their AWS error name. */
function toolError(error: unknown): CallToolResult {
  let message = 'internal error; see the server logs';
  const text = error instanceof Error ? error.message : '';
  if (SAFE_ERRORS.some((kind) => error instanceof kind))
    return { content: [{ type: 'text', text }], isError: true };
  if (/Region is missing/i.test(text)) message = 'the server has no AWS Region configured (set AWS_REGION)';
  else if (/Could not load credentials/i.test(text)) message = 'the server found no AWS credentials';
  else if (error && typeof error === 'object' && '$metadata' in error) {
    message = `AWS refused the call (${(error as unknown as Error).name}); check the server's IAM permissions and Region`;
  }
  console.error('[mv-cloudtrail-mcp] tool failed:', error);
  return { content: [{ type: 'text', text: message }], isError: true };
}

function guarded<A>(run: (args: A) => Promise<CallToolResult>): (args: A) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return await run(args);
    } catch (error) {
      return toolError(error);
    }
  };
}

function compact(event: ParsedEvent, raw: boolean) {
  const { record, ...rest } = event;
  return raw ? { ...rest, record } : rest;
}

/**
 * Builds the MCP server: tools `lookup_cloudtrail_events`, `get_cloudtrail_event_names`,
 * `analyze_developer_activity`, `predict_next_actions`, `suggest_least_privilege_policy` and the resource
 * `cloudtrail://status`. Create one per request with a stateless transport (the SDK refuses reuse).
 *
 * @example
 * import { createMcpServer, lookupEventsProvider, LookupEventsSource } from '@mv/cloudtrail-insights';
 * const server = createMcpServer({ provider: lookupEventsProvider(new LookupEventsSource()) });
 * await server.connect(transport);
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const { provider } = options;
  const budget = options.toolTimeBudgetMs ?? 45_000;
  const server = new McpServer({ name: 'mv-cloudtrail-insights', version: VERSION });

  server.registerTool(
    'lookup_cloudtrail_events',
    {
      description:
        'Look up CloudTrail management events in a time range with at most one attribute filter. Reads every page ' +
        '(paced to the CloudTrail quota) up to maxResults and says whether the result was truncated.',
      inputSchema: {
        ...WindowInput,
        maxResults: z.number().int().min(1).max(5000).optional().describe('Events to return (default 50)'),
        includeRaw: z.boolean().optional().describe('Include the full CloudTrail record of each event'),
      },
    },
    guarded(async (args) => {
      const engine = engineOf(provider);
      if (engine) {
        const { result, stats } = await eventLookup(engine, toQueryFilter(args), {
          limit: args.maxResults ?? 50,
        });
        const events = result.events.map((e) => compact(e, args.includeRaw ?? false));
        return json({ count: events.length, truncated: result.hasMore, pages: 1, events, stats });
      }
      const { events, truncated, pages } = await provider.fetch(
        toLookupQuery(args, args.maxResults ?? 50, budget),
      );
      return json({
        count: events.length,
        truncated,
        pages,
        events: events.map((e) => compact(e, args.includeRaw ?? false)),
      });
    }),
  );

  server.registerTool(
    'get_cloudtrail_event_names',
    {
      description:
        'Count events by event name over the whole window (all pages), sorted by count. Also counts by identity and event source.',
      inputSchema: {
        ...WindowInput,
        maxEvents: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .optional()
          .describe('Bound on events read (default 100000)'),
      },
    },
    guarded(async (args) => {
      const engine = engineOf(provider);
      if (engine) {
        const { result, stats } = await activitySummary(engine, toQueryFilter(args));
        const {
          total,
          byEventName: eventNames,
          byIdentity: identities,
          byEventSource: eventSources,
        } = result;
        return json({ total, truncated: false, pages: 1, eventNames, identities, eventSources, stats });
      }
      const names = new Map<string, number>();
      let total = 0;
      const identities = new Map<string, number>();
      const { truncated, pages } = await provider.forEachPage(
        toLookupQuery(args, args.maxEvents ?? 100_000, budget),
        (events) => {
          for (const e of events) {
            total++;
            names.set(e.eventName, (names.get(e.eventName) ?? 0) + 1);
            identities.set(e.identity, (identities.get(e.identity) ?? 0) + 1);
          }
        },
      );
      const sorted = (m: Map<string, number>) =>
        [...m]
          .map(([key, count]) => ({ key, count }))
          .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
      return json({ total, truncated, pages, eventNames: sorted(names), identities: sorted(identities) });
    }),
  );

  server.registerTool(
    'analyze_developer_activity',
    {
      description:
        'Analyse developer behaviour in a window: counts, hour x weekday activity, per-identity top actions, predicted ' +
        'next actions, anomalies (sensitive actions, error bursts, first-seen IP/Region), and a Claude narrative when Bedrock is configured.',
      inputSchema: {
        ...WindowInput,
        maxEvents: z
          .number()
          .int()
          .min(1)
          .max(200_000)
          .optional()
          .describe('Bound on events read (default 20000)'),
        maxIdentities: z.number().int().min(1).max(100).optional(),
        useClaude: z
          .boolean()
          .optional()
          .describe('Ask Claude on Bedrock for a narrative (default: when configured)'),
      },
    },
    guarded(async (args) => {
      const engine = engineOf(provider);
      const limit = Math.min(args.maxEvents ?? 20_000, 10_000);
      const { events, truncated } = engine
        ? await eventLookup(engine, toQueryFilter(args), { limit }).then(({ result }) => ({
            events: result.events,
            truncated: result.hasMore,
          }))
        : await provider.fetch(toLookupQuery(args, args.maxEvents ?? 20_000, budget));
      // CloudTrail's Username of an assumed role is its session name, not the role name the analysis uses: the
      // lookup already filtered, so narrow the report only when the name is one of its identities.
      const identity = events.some((e) => e.identity === args.username) ? args.username : undefined;
      const report = analyzeActivity(events, { identity, maxIdentities: args.maxIdentities ?? 10 });
      // With an engine the counts cover the whole window; the model part works on the newest maxEvents events.
      if (engine) report.summary = (await activitySummary(engine, toQueryFilter(args), { top: 10 })).result;
      let claude: Record<string, unknown>;
      if (args.useClaude === false) claude = { skipped: 'not requested' };
      else if (!options.analyst)
        claude = { skipped: options.analystUnavailableReason ?? 'Bedrock is not configured' };
      else {
        try {
          claude = { ...(await options.analyst.analyze(report)) };
        } catch (error) {
          const safe = SAFE_ERRORS.some((kind) => error instanceof kind);
          claude = {
            skipped: safe ? (error as Error).message : `Bedrock call failed (${(error as Error).name})`,
          };
        }
      }
      return json({ truncated, report, claude });
    }),
  );

  server.registerTool(
    'predict_next_actions',
    {
      description:
        "Predict an identity's next API calls, with probabilities, from its history in the window (a mixture of " +
        'n-grams and a session cache fitted on held-out calls). Give history to predict after specific calls; by ' +
        "default the identity's latest session is used. `reliability` is the model's held-out top-3 hit rate: on " +
        "the identity's own calls when it has enough, else on everyone's (`basis`).",
      inputSchema: {
        ...WindowInput,
        identity: z.string().min(1).describe('Identity (user name, role name) to predict for'),
        history: z.array(z.string()).max(50).optional().describe('Recent event names, oldest first'),
        k: z.number().int().min(1).max(50).optional().describe('Predictions to return (default 5)'),
        maxEvents: z.number().int().min(1).max(200_000).optional(),
      },
    },
    guarded(async (args) => {
      const { identity, history, k, maxEvents, ...window } = args;
      const { events, truncated } = await provider.fetch(toLookupQuery(window, maxEvents ?? 20_000, budget));
      const model = BehaviourModel.fit(events);
      const query = history ? { identity, history } : model.latestSessionQuery(identity);
      return json({
        identity,
        knownIdentity: model.eventsOf(identity).length > 0,
        history: query.history,
        predictions: model.predictNext(query, k ?? 5),
        reliability: model.reliability(identity) ?? null,
        activeHours: model.activeHours(identity),
        trainedOn: events.length,
        truncated,
      });
    }),
  );

  server.registerTool(
    'suggest_least_privilege_policy',
    {
      description:
        'Suggest a least-privilege IAM policy for an identity from the calls it actually made successfully in the window.',
      inputSchema: {
        startTime: WindowInput.startTime,
        endTime: WindowInput.endTime,
        identity: z.string().min(1).describe('Identity (user or role name)'),
        includeDenied: z.boolean().optional().describe('Also allow calls that were denied (default false)'),
        maxEvents: z.number().int().min(1).max(200_000).optional(),
      },
    },
    guarded(async (args) => {
      const query = toLookupQuery(
        { startTime: args.startTime, endTime: args.endTime },
        args.maxEvents ?? 50_000,
        budget,
      );
      const { events, truncated } = await provider.fetch(query);
      const model = BehaviourModel.fit(events.filter((e) => e.identity === args.identity));
      const own = model.eventsOf(args.identity);
      return json({
        identity: args.identity,
        basedOnEvents: own.length,
        distinctActions: aggregateEvents(own).byEventName.length,
        truncated,
        policy: model.suggestPolicy(args.identity, { includeDenied: args.includeDenied ?? false }),
      });
    }),
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
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify({
            version: VERSION,
            ...(await provider.status()),
            claude: options.analyst
              ? { modelId: options.analyst.modelId }
              : { skipped: options.analystUnavailableReason ?? 'not configured' },
          }),
        },
      ],
    }),
  );
  return server;
}
