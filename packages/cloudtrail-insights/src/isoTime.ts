/** `'0'`..`'9'` at `i` as a number, or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Milliseconds since the epoch of a CloudTrail timestamp (`2024-09-01T12:34:56Z`, optionally with `.sss`),
 * computed from the digits without a `Date`. Any other shape, or an out-of-range field, goes to `Date.parse`, so
 * the result always equals `Date.parse(text)` (NaN included).
 * @internal
 */
export function parseIsoTime(text: string): number {
  const n = text.length;
  if (
    (n === 20 || n === 24) &&
    text.charCodeAt(n - 1) === 90 && // Z
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58
  ) {
    const hi = two(text, 0);
    const lo = two(text, 2);
    const month = two(text, 5);
    const day = two(text, 8);
    const hour = two(text, 11);
    const minute = two(text, 14);
    const second = two(text, 17);
    let ms = 0;
    let ok = true;
    if (n === 24) {
      const a = digit(text, 20);
      const b = digit(text, 21);
      const c = digit(text, 22);
      if (text.charCodeAt(19) !== 46 || a < 0 || b < 0 || c < 0) ok = false;
      else ms = a * 100 + b * 10 + c;
    }
    if (ok && hi >= 0 && lo >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23) {
      const year = hi * 100 + lo;
      if (minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && day <= daysInMonth(year, month)) {
        return (
          daysFromCivil(year, month, day) * 86_400_000 +
          hour * 3_600_000 +
          minute * 60_000 +
          second * 1000 +
          ms
        );
      }
    }
  }
  return Date.parse(text);
}
