import type { ClaudeAnalyst } from '../bedrock/ClaudeAnalyst.js';
import type { EventProvider } from '../sources/EventProvider.js';

/**
 * What every use case reads from: the event source, and Claude on Bedrock when configured. The MCP server, the web
 * UI and the chat all pass this one object; none of them needs the HTTP options of the MCP endpoint.
 *
 * @example
 * const options: InsightsOptions = { provider: filesProvider('./trail'), analystUnavailableReason: 'no Bedrock here' };
 * const names = await eventNameCounts(options, { startTime: '2024-07-01T00:00:00Z' });
 */
export interface InsightsOptions {
  provider: EventProvider;
  /** Claude on Bedrock for the narrative; without one the analysis is deterministic only. */
  analyst?: ClaudeAnalyst;
  /** Why there is no analyst (shown to the caller), e.g. "BEDROCK_MODEL_ID is not set". */
  analystUnavailableReason?: string;
  /**
   * Time a read may spend on LookupEvents pages before it answers with `truncated: true` (default: no bound; the
   * MCP server sets 45 s, below the MCP SDK client's 60 s request timeout).
   */
  toolTimeBudgetMs?: number;
}
