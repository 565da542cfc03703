import { randomUUID } from 'node:crypto';
import { HttpError, json, readText, StructuredLogger, serve, text } from '@mv/http-edge';
import { InvalidQueryError } from '../errors.js';
import type { McpHandlerOptions } from '../mcp/handleMcpRequest.js';
import type { RunningServer } from '../mcp/startHttpServer.js';
import { analysisView } from './analysisApi.js';
import { type ChatOptions, createChatRoutes } from './chatRoutes.js';
import { PAGE_HTML } from './page.js';
import { checkSameOrigin } from './requestGuards.js';

/** Options of {@link startWebUi}. */
export interface WebUiOptions
  extends Pick<McpHandlerOptions, 'provider' | 'analyst' | 'analystUnavailableReason'> {
  /** Default 8501 (0 picks a free port). */
  port?: number;
  /** Default 127.0.0.1; `0.0.0.0` in a container. */
  host?: string;
  /**
   * Host names (besides loopback) the page is served under, e.g. `insights.example.com` behind the load balancer
   * (the container reads it from `PUBLIC_ORIGIN`). The DNS-rebinding guard applies on every bind address.
   */
  allowedHosts?: readonly string[];
  /**
   * The agent chat: model id (default: the analyst's, i.e. `BEDROCK_MODEL_ID`), history bounds, token budget and
   * timeout of an answer. Without a model id or AWS credentials the chat offers tool-only quick questions.
   */
  chat?: ChatOptions;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // No remote anything: model output cannot load images or send data elsewhere even if it got past the renderer.
  'content-security-policy':
    "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function analysisQuery(value: unknown) {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidQueryError('The query must be a JSON object');
  const q = value as Record<string, unknown>;
  const str = (name: string) => {
    const v = q[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' || v.length > 200)
      throw new InvalidQueryError(`${name} must be a string of at most 200 characters`);
    return v;
  };
  return {
    startTime: str('startTime'),
    endTime: str('endTime'),
    identity: str('identity'),
    claude: q.claude === true,
  };
}

/**
 * Serves the web UI (the design's Streamlit app): a static page with the agent chat beside the dashboard,
 * `POST /api/analysis` (JSON, same-origin), the chat's routes (`POST /api/chat` streams the Strands agent's events
 * as SSE; see {@link createChatRoutes}) and `GET /healthcheck`, on the edge's one Node listener.
 *
 * @example
 * const ui = await startWebUi({ ...mcpOptionsFromEnv(), port: 8501 });
 * console.log(`open ${ui.url}`);
 */
export async function startWebUi(options: WebUiOptions): Promise<RunningServer> {
  const logger = new StructuredLogger({ service: 'cloudtrail-insights-ui', level: 'WARN' });
  const chat = createChatRoutes(options);
  return serve(
    async (request, context) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/healthcheck') return json(200, { status: 'ok' });
      if (pathname === '/' || pathname === '/index.html') {
        if (request.method !== 'GET')
          throw new HttpError(405, 'MethodNotAllowed', 'Use GET', { headers: { allow: 'GET' } });
        return text(200, PAGE_HTML, PAGE_HEADERS);
      }
      if (pathname.startsWith('/api/chat')) {
        const answer = await chat(request, { requestId: context.requestId ?? randomUUID(), logger });
        if (answer) return answer;
      }
      if (pathname === '/api/analysis') {
        checkSameOrigin(request);
        let body: unknown;
        try {
          body = JSON.parse((await readText(request, 16 * 1024)) || '{}');
        } catch {
          throw new InvalidQueryError('The query is not valid JSON');
        }
        return json(200, await analysisView(options, analysisQuery(body)), { 'cache-control': 'no-store' });
      }
      throw new HttpError(404, 'NotFound', 'Not found');
    },
    {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 8501,
      maxBodyBytes: 16 * 1024,
      allowedHosts: options.allowedHosts ?? [],
      unguardedPaths: ['/healthcheck'],
      logger,
    },
  );
}
