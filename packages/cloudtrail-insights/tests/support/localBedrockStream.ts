import { createServer, type Http2Server } from 'node:http2';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { acceptBedrockCall, listenHttp2 } from './listenHttp2.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes) => decoder.decode(bytes),
  (text) => encoder.encode(text),
);

/** What the stand-in saw. */
export interface LocalBedrockStreamStats {
  calls: number;
  throttled: number;
  /** Answer streams the client closed before the stand-in finished them (stop button, disconnect). */
  aborted: number;
  modelIds: string[];
  /** Each ConverseStream request body, parsed. */
  requests: {
    system?: { text?: string }[];
    messages: { role: string; content: Record<string, unknown>[] }[];
  }[];
}

/** Holds the next answer after its first text until released, so a test can look at a half-written answer. */
export interface AnswerGate {
  /** Resolves once the first part of the answer is on the wire and the stand-in waits. */
  reached: Promise<void>;
  release(): void;
}

/** A running local Bedrock Runtime ConverseStream endpoint. */
export interface LocalBedrockStream {
  /** Set `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` to this. */
  endpoint: string;
  stats: LocalBedrockStreamStats;
  /** Arms a gate for the next answer turn. */
  holdNextAnswer(): AnswerGate;
  close(): Promise<void>;
}

const header = (value: string) => ({ type: 'string' as const, value });

/** One `application/vnd.amazon.eventstream` frame of a ConverseStream event. */
function frame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': header(eventType),
      ':content-type': header('application/json'),
      ':message-type': header('event'),
    },
    body: encoder.encode(JSON.stringify(payload)),
  });
}

type Block = Record<string, unknown>;

/** The text of the latest tool result in the conversation, as Strands sends it (text or JSON blocks). */
function lastToolResult(
  messages: LocalBedrockStreamStats['requests'][number]['messages'],
): string | undefined {
  const last = messages[messages.length - 1];
  const result = last?.content.find((c) => 'toolResult' in c)?.toolResult as
    | { content?: Block[] }
    | undefined;
  if (!result) return undefined;
  return (result.content ?? [])
    .map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c.json)))
    .join('');
}

/**
 * A stand-in for Bedrock Runtime's `ConverseStream` (`POST /model/{modelId}/converse-stream`, HTTP/2, answers in
 * `application/vnd.amazon.eventstream` frames built with `@smithy/eventstream-codec`). It throttles the first call
 * (HTTP 429 ThrottlingException), refuses base model ids (`anthropic.…`) with Bedrock's ValidationException, and
 * plays the agent loop: a question gets a tool-use turn calling `get_cloudtrail_event_names` over the window named
 * in the system prompt; a tool result gets a streamed Markdown answer quoting its `total`. A question containing
 * "XSS" gets an answer with raw HTML and a `javascript:` link.
 */
export async function startLocalBedrockStream(): Promise<LocalBedrockStream> {
  const stats: LocalBedrockStreamStats = { calls: 0, throttled: 0, aborted: 0, modelIds: [], requests: [] };
  let gate: { reached: () => void; released: Promise<void> } | undefined;

  const server: Http2Server = createServer(async (req, res) => {
    const call = await acceptBedrockCall(req, res, 'converse-stream', stats);
    if (!call) return;
    const body = call.body as LocalBedrockStreamStats['requests'][number];
    stats.requests.push(body);
    let finished = false;
    res.on('close', () => {
      if (!finished) stats.aborted++;
    });
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': `req-${stats.calls}`,
    });
    const send = (type: string, payload: unknown) => {
      if (!res.destroyed) res.write(frame(type, payload));
    };
    const end = (stopReason: string) => {
      send('messageStop', { stopReason });
      send('metadata', {
        usage: { inputTokens: 900, outputTokens: 120, totalTokens: 1020 },
        metrics: { latencyMs: 5 },
      });
      finished = true;
      res.end();
    };
    send('messageStart', { role: 'assistant' });
    const toolText = lastToolResult(body.messages);
    const question = JSON.stringify(body.messages[body.messages.length - 1]?.content ?? []);
    if (toolText === undefined && question.includes('XSS')) {
      const parts = [
        'Here is <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script> ',
        'and [a link](javascript:window.__xss=3) and ![pic](https://example.com/x.png).',
      ];
      for (const text of parts) send('contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
      send('contentBlockStop', { contentBlockIndex: 0 });
      return end('end_turn');
    }
    if (toolText === undefined) {
      const system = (body.system ?? []).map((s) => s.text ?? '').join('');
      const start = /"startTime":"([^"]+)"/.exec(system)?.[1];
      const stop = /"endTime":"([^"]+)"/.exec(system)?.[1];
      const input = JSON.stringify({
        ...(start ? { startTime: start } : {}),
        ...(stop ? { endTime: stop } : {}),
      });
      send('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Let me count the calls first.' } });
      send('contentBlockStop', { contentBlockIndex: 0 });
      send('contentBlockStart', {
        contentBlockIndex: 1,
        start: { toolUse: { toolUseId: `tooluse-${stats.calls}`, name: 'get_cloudtrail_event_names' } },
      });
      const half = Math.floor(input.length / 2);
      send('contentBlockDelta', {
        contentBlockIndex: 1,
        delta: { toolUse: { input: input.slice(0, half) } },
      });
      send('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: input.slice(half) } } });
      send('contentBlockStop', { contentBlockIndex: 1 });
      return end('tool_use');
    }
    const result = JSON.parse(toolText) as { total: number; eventNames: { key: string; count: number }[] };
    send('contentBlockDelta', {
      contentBlockIndex: 0,
      delta: { text: `The window holds **${result.total} events**` },
    });
    if (gate) {
      const held = gate;
      gate = undefined;
      held.reached();
      await held.released;
    }
    const rows = result.eventNames.slice(0, 3).map((n) => `| ${n.key} | ${n.count} |`);
    for (const text of [
      ` across ${result.eventNames.length} event names.\n\n`,
      '| Event name | Calls |\n|---|---|\n',
      rows.join('\n'),
    ])
      send('contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
    send('contentBlockStop', { contentBlockIndex: 0 });
    end('end_turn');
  });
  const { endpoint, close } = await listenHttp2(server, { destroySessions: true });
  return {
    endpoint,
    stats,
    holdNextAnswer() {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      gate = { reached, released };
      return { reached: reachedPromise, release };
    },
    close,
  };
}
