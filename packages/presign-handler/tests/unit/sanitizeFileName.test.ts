import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../src/index.js';

describe('sanitizeFileName', () => {
  it.each([
    ['chat.json', 'chat.json'],
    ['../../etc/passwd', 'etc_passwd'],
    ['..\\..\\windows\\win.ini', 'windows_win.ini'],
    ['会議ログ 2024年.json', '会議ログ_2024年.json'],
    ['ｶﾀｶﾅとひらがな.md', 'ｶﾀｶﾅとひらがな.md'],
    ['evil\u202Egpj.exe', 'evilgpj.exe'],
    ['zero\u200Bwidth\uFEFF.txt', 'zerowidth.txt'],
    ['tab\tnew\nline\r.txt', 'tab_new_line.txt'],
    ['a／b∕c.json', 'abc.json'],
    ['...hidden', 'hidden'],
    ['cafe\u0301.txt', 'café.txt'],
    ['<script>alert(1)</script>.json', 'scriptalert(1)_script.json'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it.each(['', '..', '/', '\\\\', '\u202E\u200B', '\u0000\u0001', '   ', '././..'])(
    'leaves nothing of %j',
    (input) => {
      expect(sanitizeFileName(input)).toBe('');
    },
  );

  it('bounds the length in UTF-8 bytes and keeps the extension', () => {
    const name = `${'長'.repeat(300)}.json`;
    const safe = sanitizeFileName(name);
    expect(new TextEncoder().encode(safe).length).toBeLessThanOrEqual(200);
    expect(safe.endsWith('.json')).toBe(true);
  });

  it('never yields separators, traversal, control or invisible characters, or non-NFC text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => {
        const safe = sanitizeFileName(input);
        expect(safe).not.toMatch(/[/\\]|\.\.|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
        expect(safe.normalize('NFC')).toBe(safe);
        expect(new TextEncoder().encode(safe).length).toBeLessThanOrEqual(200);
        expect(safe).not.toMatch(/^\.|\.$/);
      }),
      { numRuns: 3000 },
    );
  });
});
