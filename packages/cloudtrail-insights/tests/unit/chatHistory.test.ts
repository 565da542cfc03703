import { describe, expect, it } from 'vitest';
import { ChatHistory } from '../../src/chat/ChatHistory.js';

describe('ChatHistory (per-session chat memory)', () => {
  it('keeps the last maxTurns exchanges of a session as user/assistant messages', () => {
    // Prepare
    const history = new ChatHistory({ maxTurns: 2 });
    // Act
    for (const n of [1, 2, 3]) history.add('s', { question: `q${n}`, answer: `a${n}` });
    // Assess
    expect(history.messages('s')).toEqual([
      { role: 'user', content: [{ text: 'q2' }] },
      { role: 'assistant', content: [{ text: 'a2' }] },
      { role: 'user', content: [{ text: 'q3' }] },
      { role: 'assistant', content: [{ text: 'a3' }] },
    ]);
  });

  it('forgets the least recently used session beyond maxSessions, and a cleared one', () => {
    // Prepare
    const history = new ChatHistory({ maxSessions: 2 });
    history.add('a', { question: 'q', answer: 'a' });
    history.add('b', { question: 'q', answer: 'a' });
    history.add('a', { question: 'q2', answer: 'a2' });
    // Act
    history.add('c', { question: 'q', answer: 'a' });
    history.clear('c');
    // Assess
    expect(history.turns('b')).toEqual([]);
    expect(history.turns('a')).toHaveLength(2);
    expect(history.size).toBe(1);
  });

  it('cuts long questions and answers to maxChars', () => {
    // Prepare
    const history = new ChatHistory({ maxChars: 5 });
    // Act
    history.add('s', { question: 'x'.repeat(50), answer: '' });
    // Assess
    expect(history.turns('s')[0]).toEqual({ question: 'xxxxx [cut]', answer: '' });
    expect(history.messages('s')[1]?.content[0]?.text).toBe('(no answer)');
  });
});
