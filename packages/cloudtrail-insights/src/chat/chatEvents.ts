/**
 * What the chat endpoint streams to the browser, one server-sent event each (`event: <type>`, `data: <JSON>`):
 * - `text`: the next piece of the answer as the model generates it;
 * - `tool_start` / `tool_end`: a tool call with its name and arguments, then its status and a short summary;
 * - `done`: the answer is complete (`stopReason` says why it ended: `endTurn`, `cancelled`, a limit);
 * - `error`: the answer failed; `code` is stable, `message` says what to do and nothing internal.
 */
export type ChatEvent =
  | { type: 'text'; text: string }
  | { type: 'tool_start'; id: string; name: string; input: unknown }
  | { type: 'tool_end'; id: string; name: string; status: 'success' | 'error'; summary: string }
  | { type: 'done'; stopReason: string }
  | { type: 'error'; code: string; message: string; requestId?: string };

const encoder = new TextEncoder();

/**
 * One server-sent event: `event:` line, one `data:` line of JSON (JSON never holds a raw newline), blank line.
 *
 * @example
 * controller.enqueue(sseFrame({ type: 'text', text: 'Hello' }));
 */
export function sseFrame(event: ChatEvent): Uint8Array {
  const { type, ...data } = event;
  return encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** An SSE comment: keeps proxies (an ALB's 60 s idle timeout) from closing a quiet stream. @internal */
export const SSE_KEEPALIVE = encoder.encode(': keepalive\n\n');
