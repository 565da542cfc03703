import { AGENT_SYSTEM_PROMPT } from '../agentPrompt.js';
import type { McpServerOptions } from '../mcp/createMcpServer.js';
import { ChatError, explainChatError } from './ChatError.js';
import type { ChatHistory } from './ChatHistory.js';
import type { ChatEvent } from './chatEvents.js';
import { type ChatWindow, windowContext } from './chatWindow.js';
import { connectInProcessMcp } from './inProcessMcp.js';
import { toolResultSummary } from './toolResultSummary.js';

/** Limits of one answer. */
export interface ChatLimits {
  /** Tokens of one model call (Bedrock `maxTokens`). Default 2048. */
  maxTokensPerCall?: number;
  /** Output tokens of the whole answer, over all model calls (Strands `limits.outputTokens`). Default 6000. */
  outputTokenBudget?: number;
  /** Model calls of one answer (Strands `limits.turns`). Default 8. */
  maxTurns?: number;
  /** Time one answer may take, tools included. Default 120 000 ms. */
  timeoutMs?: number;
}

/** What {@link runAgentChat} needs for one question. */
export interface AgentChatInput {
  modelId: string;
  mcp: McpServerOptions;
  history: ChatHistory;
  sessionId: string;
  question: string;
  window?: ChatWindow | undefined;
  /** Aborted when the browser goes away or presses stop. */
  signal: AbortSignal;
  limits?: ChatLimits | undefined;
}

const LANGUAGE =
  " Answer in the language of the user's question (Japanese or English), in Markdown: tables for counts, code blocks for policies.";

function resultText(result: { content?: readonly unknown[] }): string {
  return (result.content ?? [])
    .map((block) => {
      const b = block as { text?: unknown; json?: unknown };
      if (typeof b.text === 'string') return b.text;
      return b.json === undefined ? '' : JSON.stringify(b.json);
    })
    .join('\n');
}

/**
 * Answers one chat question with a Strands agent (`BedrockModel` on the configured inference profile, this package's
 * MCP tools in process), yielding the answer's text as it streams and each tool call as it starts and ends. The
 * session's bounded history goes in; the finished exchange is kept. Stops at the token budget, the turn limit, the
 * timeout or `signal`; failures end with one `error` event whose message says what to do.
 *
 * @example
 * for await (const event of runAgentChat({ modelId, mcp, history, sessionId, question, signal })) send(event);
 */
export async function* runAgentChat(input: AgentChatInput): AsyncGenerator<ChatEvent> {
  const limits = input.limits ?? {};
  const timeout = AbortSignal.timeout(limits.timeoutMs ?? 120_000);
  const signal = AbortSignal.any([input.signal, timeout]);
  // Loaded on first use: the package's main entry and its Lambda bundle stay free of the agent SDK.
  const { Agent, BedrockModel, McpClient } = await import('@strands-agents/sdk');
  const server = await connectInProcessMcp(input.mcp);
  const mcp = new McpClient({ transport: server.transport, applicationName: 'mv-cloudtrail-ui' });
  const agent = new Agent({
    model: new BedrockModel({ modelId: input.modelId, maxTokens: limits.maxTokensPerCall ?? 2048 }),
    tools: [mcp],
    systemPrompt: AGENT_SYSTEM_PROMPT + windowContext(input.window) + LANGUAGE,
    messages: input.history.messages(input.sessionId),
    printer: false,
  });
  let answer = '';
  let stopReason = 'endTurn';
  try {
    const stream = agent.stream(input.question, {
      cancelSignal: signal,
      limits: { outputTokens: limits.outputTokenBudget ?? 6000, turns: limits.maxTurns ?? 8 },
    });
    for await (const event of stream) {
      if (event.type === 'modelStreamUpdateEvent') {
        const update = event.event;
        if (update.type === 'modelContentBlockDeltaEvent' && update.delta.type === 'textDelta') {
          answer += update.delta.text;
          yield { type: 'text', text: update.delta.text };
        }
      } else if (event.type === 'beforeToolCallEvent') {
        const { toolUseId, name, input: args } = event.toolUse;
        yield { type: 'tool_start', id: toolUseId, name, input: args };
      } else if (event.type === 'afterToolCallEvent') {
        const { toolUseId, name } = event.toolUse;
        const status = event.result.status;
        yield {
          type: 'tool_end',
          id: toolUseId,
          name,
          status,
          summary: toolResultSummary(resultText(event.result)),
        };
      } else if (event.type === 'agentResultEvent') {
        stopReason = event.result.stopReason;
      }
    }
    if (timeout.aborted)
      throw new ChatError(
        'Timeout',
        `The answer took longer than ${(limits.timeoutMs ?? 120_000) / 1000} s; ask a narrower question.`,
      );
    if (!input.signal.aborted) input.history.add(input.sessionId, { question: input.question, answer });
    yield { type: 'done', stopReason: input.signal.aborted ? 'cancelled' : stopReason };
  } catch (error) {
    if (input.signal.aborted) return;
    if (timeout.aborted && !(error instanceof ChatError))
      throw new ChatError(
        'Timeout',
        `The answer took longer than ${(limits.timeoutMs ?? 120_000) / 1000} s; ask a narrower question.`,
      );
    throw explainChatError(error, input.modelId);
  } finally {
    await mcp.disconnect().catch(() => {});
    await server.close().catch(() => {});
  }
}
