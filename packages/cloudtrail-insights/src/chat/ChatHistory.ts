/** One exchange kept for the next question: what the user asked and the answer's text (tool traffic is not kept). */
export interface ChatTurn {
  question: string;
  answer: string;
}

/** Options of {@link ChatHistory}. */
export interface ChatHistoryOptions {
  /** Sessions kept; the least recently used one is forgotten beyond it. Default 200. */
  maxSessions?: number;
  /** Exchanges kept per session (the oldest go first). Default 10. */
  maxTurns?: number;
  /** Characters kept of each question and answer. Default 8000. */
  maxChars?: number;
}

/**
 * Per-session conversation memory of the web UI's chat, bounded in sessions, exchanges and characters so a long
 * conversation neither grows the process nor the prompt without limit. In memory: one task serves the UI.
 *
 * @example
 * const history = new ChatHistory({ maxTurns: 10 });
 * history.add(sessionId, { question: 'Who is active?', answer: 'bert, 120 calls' });
 * const messages = history.messages(sessionId);
 */
export class ChatHistory {
  readonly #sessions = new Map<string, ChatTurn[]>();
  readonly #maxSessions: number;
  readonly #maxTurns: number;
  readonly #maxChars: number;

  constructor(options: ChatHistoryOptions = {}) {
    this.#maxSessions = options.maxSessions ?? 200;
    this.#maxTurns = options.maxTurns ?? 10;
    this.#maxChars = options.maxChars ?? 8000;
  }

  /** The session's exchanges, oldest first. */
  turns(sessionId: string): readonly ChatTurn[] {
    return this.#sessions.get(sessionId) ?? [];
  }

  /** The session's exchanges as alternating user / assistant messages (Bedrock Converse / Strands shape). */
  messages(sessionId: string): { role: 'user' | 'assistant'; content: { text: string }[] }[] {
    return this.turns(sessionId).flatMap((turn) => [
      { role: 'user' as const, content: [{ text: turn.question }] },
      { role: 'assistant' as const, content: [{ text: turn.answer || '(no answer)' }] },
    ]);
  }

  /** Keeps an exchange; drops the session's oldest beyond `maxTurns` and the least recent session beyond `maxSessions`. */
  add(sessionId: string, turn: ChatTurn): void {
    const turns = [
      ...this.turns(sessionId),
      { question: this.#cut(turn.question), answer: this.#cut(turn.answer) },
    ];
    this.#sessions.delete(sessionId);
    this.#sessions.set(sessionId, turns.slice(-this.#maxTurns));
    while (this.#sessions.size > this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value as string;
      this.#sessions.delete(oldest);
    }
  }

  /** Forgets a session ("clear chat"). */
  clear(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /** Sessions held. */
  get size(): number {
    return this.#sessions.size;
  }

  #cut(text: string): string {
    return text.length <= this.#maxChars ? text : `${text.slice(0, this.#maxChars)} [cut]`;
  }
}
