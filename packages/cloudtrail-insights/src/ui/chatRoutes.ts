import { HttpError, json, type RequestContext } from '@mv/http-edge';
import { type BedrockAvailability, bedrockAvailability } from '../chat/bedrockAvailability.js';
import { ChatError, explainChatError } from '../chat/ChatError.js';
import { ChatHistory } from '../chat/ChatHistory.js';
import { type ChatEvent, SSE_KEEPALIVE, sseFrame } from '../chat/chatEvents.js';
import { ChatRequest, ChatWindow } from '../chat/chatWindow.js';
import { QUICK_QUESTIONS, QuickQuestionRequest, runQuickQuestion } from '../chat/quickQuestions.js';
import { type ChatLimits, runAgentChat } from '../chat/runAgentChat.js';
import type { McpServerOptions } from '../mcp/createMcpServer.js';
import { readJsonBody } from './requestGuards.js';

/** Chat settings of the web UI. */
export interface ChatOptions extends ChatLimits {
  /** Bedrock inference-profile id; default: the analyst's (`BEDROCK_MODEL_ID`). */
  modelId?: string;
  /** Conversation memory; default: 200 sessions of 10 exchanges. */
  history?: ChatHistory;
  /** Interval of SSE keep-alive comments. Default 15 000 ms (below an ALB's 60 s idle timeout). */
  keepAliveMs?: number;
}

/** What the chat routes need from the web UI's options. @internal */
export interface ChatRouteOptions extends McpServerOptions {
  chat?: ChatOptions | undefined;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Proxies (nginx) would otherwise hold the stream back.
  'x-accel-buffering': 'no',
};

/** Streams an answer's events as SSE; cancelling the body (browser gone, stop pressed) aborts the answer. */
function sseResponse(
  run: (signal: AbortSignal) => AsyncGenerator<ChatEvent>,
  request: Request,
  context: Pick<RequestContext, 'requestId' | 'logger'>,
  keepAliveMs: number,
  onEnd: () => void,
): Response {
  const abort = new AbortController();
  const stop = () => abort.abort();
  request.signal.addEventListener('abort', stop, { once: true });
  let keepAlive: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      keepAlive = setInterval(() => controller.enqueue(SSE_KEEPALIVE), keepAliveMs);
      try {
        for await (const event of run(abort.signal)) {
          if (abort.signal.aborted) break;
          controller.enqueue(sseFrame(event));
        }
      } catch (caught) {
        const error = caught instanceof ChatError ? caught : explainChatError(caught, '');
        if (error.code === 'ChatFailed') context.logger.error('chat failed', { error: caught });
        else context.logger.warn('chat refused', { code: error.code });
        if (!abort.signal.aborted)
          controller.enqueue(
            sseFrame({
              type: 'error',
              code: error.code,
              message: error.message,
              requestId: context.requestId,
            }),
          );
      } finally {
        clearInterval(keepAlive);
        request.signal.removeEventListener('abort', stop);
        onEnd();
        if (!abort.signal.aborted) controller.close();
      }
    },
    cancel() {
      clearInterval(keepAlive);
      stop();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/**
 * The chat's HTTP routes, or `undefined` for other paths:
 * - `GET /api/chat/status`: whether Claude can answer (and why not) and the quick questions;
 * - `POST /api/chat` (same-origin JSON `{sessionId, message, window?}`): the agent's answer as server-sent events;
 * - `POST /api/chat/clear` (`{sessionId}`): forgets the session's history;
 * - `POST /api/chat/quick` (`{question, window?}`): one common question answered by its MCP tool, no model.
 *
 * @example
 * const chat = createChatRoutes({ ...mcpOptionsFromEnv(), chat: { timeoutMs: 60_000 } });
 * const response = await chat(request, context);
 */
export function createChatRoutes(options: ChatRouteOptions) {
  const chat = options.chat ?? {};
  const history = chat.history ?? new ChatHistory();
  const modelId = chat.modelId ?? options.analyst?.modelId;
  const running = new Set<string>();
  let availability: Promise<BedrockAvailability> | undefined;
  const available = () => {
    availability ??= bedrockAvailability(modelId, options.analystUnavailableReason?.split(':')[0]);
    return availability;
  };
  const questions = Object.entries(QUICK_QUESTIONS).map(([id, q]) => ({
    id,
    label: q.label,
    needsIdentity: q.needsIdentity,
  }));

  return async (
    request: Request,
    context: Pick<RequestContext, 'requestId' | 'logger'>,
  ): Promise<Response | undefined> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/chat/status') {
      if (request.method !== 'GET')
        throw new HttpError(405, 'MethodNotAllowed', 'Use GET', { headers: { allow: 'GET' } });
      const state = await available();
      return json(200, { ...state, questions }, { 'cache-control': 'no-store' });
    }
    if (pathname === '/api/chat/clear') {
      const { sessionId } = await readJsonBody(request, ChatRequest.pick({ sessionId: true }), 1024);
      history.clear(sessionId);
      return json(200, { cleared: true }, { 'cache-control': 'no-store' });
    }
    if (pathname === '/api/chat/quick') {
      const body = await readJsonBody(request, QuickQuestionRequest, 4 * 1024);
      return json(200, await runQuickQuestion(body, options), { 'cache-control': 'no-store' });
    }
    if (pathname !== '/api/chat') return undefined;
    const body = await readJsonBody(request, ChatRequest, 16 * 1024);
    const state = await available();
    if (!state.available)
      throw new HttpError(
        503,
        'ChatUnavailable',
        `Claude is not available: ${state.reason}. Use the quick questions.`,
      );
    if (running.has(body.sessionId))
      throw new HttpError(409, 'Busy', 'This chat is still answering: wait for it or press stop.');
    running.add(body.sessionId);
    const window = body.window ? ChatWindow.parse(body.window) : undefined;
    return sseResponse(
      (signal) =>
        runAgentChat({
          modelId: state.modelId,
          mcp: options,
          history,
          sessionId: body.sessionId,
          question: body.message,
          window,
          signal,
          limits: chat,
        }),
      request,
      context,
      chat.keepAliveMs ?? 15_000,
      () => running.delete(body.sessionId),
    );
  };
}
