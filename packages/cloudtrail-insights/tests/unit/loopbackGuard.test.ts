import { describe, expect, it } from 'vitest';
import { fromLoopbackName, isLoopbackHost } from '../../src/http/loopbackGuard.js';

describe('loopback guard (DNS rebinding)', () => {
  it.each([
    ['127.0.0.1:8000', undefined, true],
    ['localhost:8501', undefined, true],
    ['[::1]:8000', undefined, true],
    ['localhost', 'http://localhost:8501', true],
    ['127.0.0.1:8000', 'http://127.0.0.1:8000', true],
    ['attacker.example', undefined, false],
    ['attacker.example:8000', undefined, false],
    ['127.0.0.1:8000', 'https://attacker.example', false],
    ['127.0.0.1:8000', 'null', false],
    [undefined, undefined, false],
  ])('Host %s, Origin %s -> %s', (host, origin, expected) => {
    expect(fromLoopbackName(host, origin)).toBe(expected);
  });

  it('knows which bind addresses are loopback only', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});
