import { describe, expect, it } from 'vitest';
import { hostGuard } from '../../src/hostGuard.ts';

describe('hostGuard (DNS rebinding), on every bind address', () => {
  const guard = hostGuard(['insights.example.com']);
  it.each([
    ['127.0.0.1:8000', null, true],
    ['localhost:8501', null, true],
    ['[::1]:8000', null, true],
    ['[::ffff:127.0.0.1]:8000', null, true],
    ['localhost', 'http://localhost:8501', true],
    ['127.0.0.1:8000', 'http://127.0.0.1:8000', true],
    ['insights.example.com', 'https://insights.example.com', true],
    ['INSIGHTS.example.com:443', null, true],
    ['attacker.example', null, false],
    ['attacker.example:8000', null, false],
    ['127.0.0.1:8000', 'https://attacker.example', false],
    ['127.0.0.1:8000', 'null', false],
    ['0.0.0.0:8501', null, false],
    [null, null, false],
  ])('Host %s, Origin %s -> %s', (host, origin, expected) => {
    expect(guard(host, origin)).toBe(expected);
  });
});
