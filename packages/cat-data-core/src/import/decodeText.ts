import { CsvEncodingError } from '../errors.js';

/** Text encodings a CSV may come in. `auto`: a BOM or valid UTF-8 means UTF-8, otherwise Shift_JIS (CP932). */
export type CsvEncoding = 'auto' | 'utf-8' | 'shift_jis';

/** What {@link decodeText} read. */
export interface DecodedText {
  /** The text, without BOM; a byte sequence invalid in `encoding` is U+FFFD. */
  text: string;
  encoding: 'utf-8' | 'shift_jis';
  /** Lines (1-based) holding bytes that are invalid in `encoding`, when there are any. */
  invalidLines?: number[];
}

/** How the lines of some bytes fare in one encoding. */
interface LineCheck {
  invalid: number[];
  /** Lines that are valid and hold more than ASCII (evidence for the encoding). */
  validNonAscii: number;
  lines: number;
}

/**
 * Checks UTF-8 line by line (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF). A line break is
 * ASCII, so it never sits inside a multi-byte sequence and the lines are those of any decoding.
 */
function checkUtf8(bytes: Uint8Array): LineCheck {
  const invalid: number[] = [];
  let validNonAscii = 0;
  let line = 1;
  let lineBad = false;
  let lineNonAscii = false;
  const endLine = () => {
    if (lineBad) invalid.push(line);
    else if (lineNonAscii) validNonAscii++;
    lineBad = false;
    lineNonAscii = false;
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) {
        endLine();
        line++;
      }
      i++;
      continue;
    }
    lineNonAscii = true;
    let need = 0;
    let min = 0;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else {
      lineBad = true;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      const lo = j === 1 && min ? min : 0x80;
      const hi = j === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) break;
    }
    if (j <= need) lineBad = true;
    i += j;
  }
  endLine();
  return { invalid, validNonAscii, lines: line };
}

/** Checks Shift_JIS (CP932) line by line; only used once the whole file failed to decode. */
function checkShiftJis(bytes: Uint8Array): LineCheck {
  const invalid: number[] = [];
  let validNonAscii = 0;
  let line = 1;
  let start = 0;
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const slice = bytes.subarray(start, end);
    try {
      decoder.decode(slice);
      if (slice.some((b) => b >= 0x80)) validNonAscii++;
    } catch {
      invalid.push(line);
    }
    line++;
    start = end + 1;
  }
  return { invalid, validNonAscii, lines: line - 1 };
}

const decode = (bytes: Uint8Array, label: 'utf-8' | 'shift_jis', fatal: boolean) =>
  // ignoreBOM: false strips a UTF-8 BOM; fatal: a single bad byte fails instead of becoming U+FFFD.
  new TextDecoder(label, { fatal }).decode(bytes);

function tryDecode(bytes: Uint8Array, label: 'utf-8' | 'shift_jis'): string | undefined {
  try {
    return decode(bytes, label, true);
  } catch {
    return undefined;
  }
}

/** More than this share of damaged lines means the file is in another encoding, not a file with a few bad bytes. */
const damagedShare = 0.5;

/**
 * Decodes CSV bytes: UTF-8 with or without BOM, or Shift_JIS/CP932 (what Excel on Japanese Windows saves).
 *
 * A file in the right encoding with a few damaged lines is decoded, and those lines are listed in `invalidLines` (the
 * import reports each as an invalid row); a file most of whose lines do not decode is refused as a whole.
 *
 * @returns the text without BOM, the encoding actually used, and the lines with invalid bytes
 * @throws {CsvEncodingError} when the bytes are not text in the requested (or any supported) encoding
 * @example
 * const { text, encoding, invalidLines } = decodeText(await readFile('intakes.csv'));
 */
export function decodeText(bytes: Uint8Array, encoding: CsvEncoding = 'auto'): DecodedText {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const damaged = (label: 'utf-8' | 'shift_jis', check: LineCheck, message: string): DecodedText => {
    if (check.invalid.length > check.lines * damagedShare) throw new CsvEncodingError(message);
    return { text: decode(bytes, label, false), encoding: label, invalidLines: check.invalid };
  };
  if (encoding === 'utf-8' || (encoding === 'auto' && hasBom)) {
    const text = tryDecode(bytes, 'utf-8');
    if (text !== undefined) return { text, encoding: 'utf-8' };
    return damaged(
      'utf-8',
      checkUtf8(bytes),
      'The file is not valid UTF-8. Save it as UTF-8, or declare encoding "shift_jis".',
    );
  }
  if (encoding === 'shift_jis') {
    const text = tryDecode(bytes, 'shift_jis');
    if (text !== undefined) return { text, encoding: 'shift_jis' };
    return damaged(
      'shift_jis',
      checkShiftJis(bytes),
      'The file is not valid Shift_JIS. Save it as UTF-8, or declare encoding "utf-8".',
    );
  }
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const neither = 'The file is neither UTF-8 nor Shift_JIS (CP932). Save it as UTF-8 and import it again.';
  // UTF-8 text with a damaged line often decodes as Shift_JIS mojibake: more good UTF-8 lines than bad ones say UTF-8.
  const utf8Check = checkUtf8(bytes);
  if (utf8Check.validNonAscii > utf8Check.invalid.length) return damaged('utf-8', utf8Check, neither);
  const sjis = tryDecode(bytes, 'shift_jis');
  if (sjis !== undefined) return { text: sjis, encoding: 'shift_jis' };
  const sjisCheck = checkShiftJis(bytes);
  return sjisCheck.invalid.length < utf8Check.invalid.length
    ? damaged('shift_jis', sjisCheck, neither)
    : damaged('utf-8', utf8Check, neither);
}
