import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/index.js';

describe('parseDate', () => {
  it.each([
    ['令和5年4月1日', '2023-04-01'],
    ['令和５年４月１日', '2023-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['R5.4.1', '2023-04-01'],
    ['H31/4/30', '2019-04-30'],
    ['r6.12.31', '2024-12-31'],
  ])('reads the Japanese era date %s', (value, expected) => {
    expect(parseDate(value, 'japanese-era')).toEqual({ ok: true, date: expected });
  });

  it.each([
    ['平成31年5月1日', 'falls outside the 平成 era'],
    ['令和元年4月30日', 'falls outside the 令和 era'],
    ['昭和64年1月8日', 'falls outside the 昭和 era'],
    ['令和5年2月29日', 'is not a calendar date'],
    ['2023-04-01', 'is not a Japanese era date'],
  ])('rejects %s', (value, reason) => {
    const result = parseDate(value, 'japanese-era');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it.each([
    ['MM/DD/YYYY', '04/01/2023', '2023-04-01'],
    ['MM/DD/YYYY', '10/01/2013 12:00:00 AM', '2013-10-01'],
    ['MM/DD/YYYY', '2/3/2024', '2024-02-03'],
    ['DD/MM/YYYY', '02/03/2024', '2024-03-02'],
    ['YYYY/MM/DD', '2024/02/29', '2024-02-29'],
    ['ISO', '2024-04-01', '2024-04-01'],
    ['ISO', '2024-04-01T09:30:00+09:00', '2024-04-01'],
    ['auto', '2024-04-01', '2024-04-01'],
    ['auto', '2024/4/1', '2024-04-01'],
    ['auto', '2024年4月1日', '2024-04-01'],
    ['auto', '令和6年4月1日', '2024-04-01'],
  ] as const)('reads %s %s', (format, value, expected) => {
    expect(parseDate(value, format)).toEqual({ ok: true, date: expected });
  });

  it('refuses impossible and ambiguous dates instead of guessing', () => {
    expect(parseDate('02/30/2023', 'MM/DD/YYYY')).toEqual({
      ok: false,
      reason: '2023-02-30 is not a calendar date',
    });
    expect(parseDate('13/01/2023', 'MM/DD/YYYY').ok).toBe(false);
    expect(parseDate('04/01/2023', 'auto').ok).toBe(false);
    expect(parseDate('', 'ISO')).toEqual({ ok: false, reason: 'empty date' });
    expect(parseDate('2023-04-01', 'MM/DD/YYYY')).toEqual({
      ok: false,
      reason: '"2023-04-01" is not a MM/DD/YYYY date',
    });
  });
});
