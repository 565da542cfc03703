import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../src/isoTime.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function same(text: string): void {
  const expected = Date.parse(text);
  const actual = parseIsoTime(text);
  if (!Object.is(actual, expected)) expect({ text, actual }).toEqual({ text, actual: expected });
}

describe('parseIsoTime equals Date.parse', () => {
  it('on the real eventTime values', () => {
    const times = rawRecords(FIXTURE_DIR).map((r) => String(r.eventTime));
    expect(times.length).toBeGreaterThan(10);
    for (const time of times) same(time);
  });

  it('on 100,000 random instants from year 0 to 9999, with and without milliseconds', () => {
    const random = prng(3);
    for (let i = 0; i < 100_000; i++) {
      // Uniform over 0000-01-01 .. 9999-12-31 (ms since the epoch).
      const t = Math.floor(random() * (253_402_300_799_999 + 62_167_219_200_000)) - 62_167_219_200_000;
      const iso = new Date(Math.floor(t)).toISOString();
      if (iso.length !== 24) continue; // years outside 0000-9999 have a sign
      same(iso);
      same(iso.replace(/\.\d{3}Z$/, 'Z'));
    }
  });

  it('on leap days, month ends and out-of-range fields (which V8 rolls over or rejects)', () => {
    for (const year of ['1900', '2000', '2023', '2024', '2100', '0000', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          const m = String(month).padStart(2, '0');
          const d = String(day).padStart(2, '0');
          same(`${year}-${m}-${d}T00:00:00Z`);
          same(`${year}-${m}-${d}T23:59:59.999Z`);
        }
      }
    }
    for (const time of ['24:00:00', '23:60:00', '23:59:60', '99:99:99', '-1:00:00', '1a:00:00']) {
      same(`2024-01-01T${time}Z`);
    }
  });

  it('on random corruptions of a timestamp (other shapes fall back to Date.parse)', () => {
    const random = prng(4);
    const alphabet = '0123456789-:TZz.+ /ax';
    const bases = ['2024-09-01T12:34:56Z', '2024-09-01T12:34:56.789Z', '2024-09-01T12:34:56+09:00'];
    for (let i = 0; i < 50_000; i++) {
      const chars = [...bases[i % bases.length]!];
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (chars.length + 1));
        const c = alphabet[Math.floor(random() * alphabet.length)]!;
        const kind = random();
        if (kind < 0.6) chars[at] = c;
        else if (kind < 0.8) chars.splice(at, 0, c);
        else chars.splice(at, 1);
      }
      same(chars.join(''));
    }
    for (const text of [
      '',
      'Z',
      'not a time',
      '2024-09-01',
      '2024-09-01T12:34:56',
      '２０２４-09-01T12:34:56Z',
    ])
      same(text);
  });
});
