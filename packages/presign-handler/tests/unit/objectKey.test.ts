import { describe, expect, it } from 'vitest';
import { buildObjectKey, isOwnKey, principalPrefix } from '../../src/index.js';

describe('object keys', () => {
  it('follows <KEY_PREFIX><principal>/<ISO-8601 timestamp>_<name>', () => {
    const key = buildObjectKey('chat-logs/', 'alice', 'chat.json', new Date('2026-11-23T16:20:00.123Z'));
    expect(key).toMatch(/^chat-logs\/alice\/2026-11-23T16:20:00\.123\d{6}Z_chat\.json$/);
    expect(Number.isNaN(Date.parse(key.slice('chat-logs/alice/'.length, -'_chat.json'.length)))).toBe(false);
  });

  it('is unique for every call within one millisecond', () => {
    const now = new Date('2026-11-23T16:20:00.123Z');
    const keys = new Set(Array.from({ length: 20_000 }, () => buildObjectKey('p/', 'alice', 'a.json', now)));
    expect(keys.size).toBe(20_000);
  });

  it('keeps principals apart even when they differ only in punctuation', () => {
    expect(principalPrefix('p/', 'AROA:alice')).not.toBe(principalPrefix('p/', 'AROA_alice'));
    expect(principalPrefix('p/', 'a/b')).toBe('p/a%2Fb/');
    expect(principalPrefix('p/', '..')).toBe('p/%2E%2E/');
  });

  it.each([
    ['chat-logs/alice/x.json', true],
    ['chat-logs/alice/sub/x.json', true],
    ['chat-logs/alice/', false],
    ['chat-logs/alice', false],
    ['chat-logs/alice2/x.json', false],
    ['chat-logs/bob/x.json', false],
    ['chat-logs/alice/../bob/x.json', false],
    ['chat-logs/alice/./x.json', false],
    ['chat-logs/alice//x.json', false],
    ['chat-logs/alice/x\u0000.json', false],
    ['chat-logs/alice/x\\..\\y', false],
    ['other/alice/x.json', false],
  ])('isOwnKey(alice, %j) is %s', (key, expected) => {
    expect(isOwnKey('chat-logs/', 'alice', key)).toBe(expected);
  });
});
