import * as z from 'zod/mini';

/**
 * One message of a conversation with an AI model.
 *
 * @example
 * const message: ChatMessage = { role: 'user', content: 'Hello', timestamp: '2026-11-23T10:00:00Z' };
 */
export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  /** ISO 8601 with a time zone (`Z` or an offset). */
  timestamp: z.iso.datetime({ offset: true }),
  /** The model that produced an assistant message, e.g. `anthropic.claude-sonnet-4`. */
  model: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/**
 * A chat log as the Media Viewer stores it: one session, its messages in order, free-form metadata.
 *
 * @example
 * const log: ChatLog = {
 *   sessionId: 'session-42',
 *   messages: [{ role: 'user', content: 'Hello', timestamp: '2026-11-23T10:00:00Z' }],
 *   metadata: { app: 'media-viewer' },
 * };
 */
export const ChatLog = z.object({
  sessionId: z.string().check(z.minLength(1), z.maxLength(256)),
  title: z.optional(z.string().check(z.maxLength(1000))),
  messages: z.array(ChatMessage).check(z.minLength(1)),
  metadata: z.optional(z.record(z.string(), z.unknown())),
});
export type ChatLog = z.infer<typeof ChatLog>;
