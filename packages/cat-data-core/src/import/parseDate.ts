import * as z from 'zod';

/**
 * Date formats a mapping file can declare. `auto` accepts ISO, `YYYY/MM/DD` and Japanese era dates, which cannot be
 * confused with each other; `MM/DD/YYYY` and `DD/MM/YYYY` must be declared because they can.
 *
 * @example
 * DateFormat.parse('japanese-era');
 */
export const DateFormat = z.enum(['auto', 'ISO', 'YYYY/MM/DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'japanese-era']);
/** One of {@link DateFormat}'s values. */
export type DateFormat = z.infer<typeof DateFormat>;

/** A parsed date (`YYYY-MM-DD`) or why the value is not one. */
export type DateParseResult = { ok: true; date: string } | { ok: false; reason: string };

interface Era {
  names: string[];
  start: [number, number, number];
}

// First day of each era; year 1 (元年) is the start year.
const eras: Era[] = [
  { names: ['令和', 'R'], start: [2019, 5, 1] },
  { names: ['平成', 'H'], start: [1989, 1, 8] },
  { names: ['昭和', 'S'], start: [1926, 12, 25] },
  { names: ['大正', 'T'], start: [1912, 7, 30] },
  { names: ['明治', 'M'], start: [1868, 10, 23] },
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarDate(year: number, month: number, day: number): DateParseResult {
  if (!Number.isInteger(year) || year < 1800 || year > 2200)
    return { ok: false, reason: `year ${year} is out of range` };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: `${year}-${pad(month)}-${pad(day)} is not a calendar date` };
  }
  return { ok: true, date: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

// Times that may follow a date in exports (e.g. "10/01/2013 12:00:00 AM", "2024-04-01T09:30:00+09:00") are dropped:
// the statistics are by day, and a shelter's local day is what it recorded.
const timeSuffix = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const isoPattern = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${timeSuffix}$`, 'i');
const ymdSlashPattern = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${timeSuffix}$`, 'i');
const dmySlashPattern = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${timeSuffix}$`, 'i');
const eraPattern =
  /^(令和|平成|昭和|大正|明治|[RHSTM])\.?\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$/i;

function parseJapaneseEra(value: string): DateParseResult {
  const match = eraPattern.exec(value);
  if (!match)
    return { ok: false, reason: `"${value}" is not a Japanese era date such as 令和5年4月1日 or R5.4.1` };
  const [, name, yearText, month, day] = match as unknown as [string, string, string, string, string];
  const era = eras.find((e) => e.names.includes(name.toUpperCase()) || e.names.includes(name));
  if (!era) return { ok: false, reason: `unknown era "${name}"` };
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  if (eraYear < 1) return { ok: false, reason: `era year ${eraYear} does not exist` };
  const result = calendarDate(era.start[0] + eraYear - 1, Number(month), Number(day));
  if (!result.ok) return result;
  const start = `${era.start[0]}-${pad(era.start[1])}-${pad(era.start[2])}`;
  const next = eras[eras.indexOf(era) - 1];
  const end = next ? `${next.start[0]}-${pad(next.start[1])}-${pad(next.start[2])}` : undefined;
  if (result.date < start || (end !== undefined && result.date >= end)) {
    return { ok: false, reason: `"${value}" falls outside the ${era.names[0]} era` };
  }
  return result;
}

/**
 * Parses a date cell into `YYYY-MM-DD`. Full-width digits (令和５年４月１日) are accepted; so are the Latin era
 * abbreviations (R5.4.1, H31/4/30) and 元年.
 *
 * @example
 * parseDate('令和5年4月1日', 'japanese-era'); // { ok: true, date: '2023-04-01' }
 * parseDate('04/01/2023 12:00:00 AM', 'MM/DD/YYYY'); // { ok: true, date: '2023-04-01' }
 * parseDate('2023/02/30', 'auto'); // { ok: false, reason: '2023-02-30 is not a calendar date' }
 */
export function parseDate(raw: string, format: DateFormat): DateParseResult {
  const value = (/[^\x00-\x7f]/.test(raw) ? raw.normalize('NFKC') : raw).trim();
  if (value === '') return { ok: false, reason: 'empty date' };
  const fromMatch = (
    m: RegExpExecArray | null,
    y: number,
    mo: number,
    d: number,
  ): DateParseResult | undefined => (m ? calendarDate(Number(m[y]), Number(m[mo]), Number(m[d])) : undefined);
  const expected = (what: string): DateParseResult => ({
    ok: false,
    reason: `"${raw}" is not a ${what} date`,
  });
  switch (format) {
    case 'ISO':
      return fromMatch(isoPattern.exec(value), 1, 2, 3) ?? expected('ISO (YYYY-MM-DD)');
    case 'YYYY/MM/DD':
      return fromMatch(ymdSlashPattern.exec(value), 1, 2, 3) ?? expected('YYYY/MM/DD');
    case 'MM/DD/YYYY':
      return fromMatch(dmySlashPattern.exec(value), 3, 1, 2) ?? expected('MM/DD/YYYY');
    case 'DD/MM/YYYY':
      return fromMatch(dmySlashPattern.exec(value), 3, 2, 1) ?? expected('DD/MM/YYYY');
    case 'japanese-era':
      return parseJapaneseEra(value);
    case 'auto': {
      const kanjiDate = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(value);
      return (
        fromMatch(isoPattern.exec(value), 1, 2, 3) ??
        fromMatch(ymdSlashPattern.exec(value), 1, 2, 3) ??
        fromMatch(kanjiDate, 1, 2, 3) ??
        (eraPattern.test(value) ? parseJapaneseEra(value) : undefined) ??
        expected('ISO, YYYY/MM/DD or Japanese era')
      );
    }
  }
}

const fiscalYearPattern =
  /^(?:FY\s*)?(?:(令和|平成|昭和|大正|明治|[RHSTM])\.?\s*(元|\d{1,2})|(\d{4}))\s*(?:年度|年)?$/i;

/**
 * Parses a fiscal-year cell into the Western year the fiscal year starts in: `2022`, `2022年度`, `FY2022`, or a
 * Japanese era year (`令和4年度`, `令和元年度`, `R4`, `H31`) as the Ministry of the Environment's tables write them.
 *
 * @example
 * parseFiscalYear('令和4年度'); // { ok: true, year: 2022 }
 * parseFiscalYear('H31');       // { ok: true, year: 2019 }
 */
export function parseFiscalYear(raw: string): { ok: true; year: number } | { ok: false; reason: string } {
  const value = (/[^\x00-\x7f]/.test(raw) ? raw.normalize('NFKC') : raw).trim();
  const match = fiscalYearPattern.exec(value);
  if (!match) {
    return { ok: false, reason: `"${raw}" is not a fiscal year such as 2022, 2022年度 or 令和4年度` };
  }
  const [, name, eraYear, western] = match;
  if (western !== undefined) return { ok: true, year: Number(western) };
  const era = eras.find((e) => e.names.includes(name!.toUpperCase()) || e.names.includes(name!))!;
  const year = eraYear === '元' ? 1 : Number(eraYear);
  if (year < 1) return { ok: false, reason: `era year ${year} does not exist` };
  return { ok: true, year: era.start[0] + year - 1 };
}
