import { CsvEncodingError } from '../errors.js';

/** Text encodings a CSV may come in. `auto`: a BOM or valid UTF-8 means UTF-8, otherwise Shift_JIS (CP932). */
export type CsvEncoding = 'auto' | 'utf-8' | 'shift_jis';

/**
 * Decodes CSV bytes: UTF-8 with or without BOM, or Shift_JIS/CP932 (what Excel on Japanese Windows saves).
 *
 * @returns the text without BOM, and the encoding actually used
 * @throws {CsvEncodingError} when the bytes are not valid in the requested (or any supported) encoding
 * @example
 * const { text, encoding } = decodeText(await readFile('intakes.csv'));
 */
export function decodeText(
  bytes: Uint8Array,
  encoding: CsvEncoding = 'auto',
): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const tryDecode = (label: 'utf-8' | 'shift_jis'): string | undefined => {
    try {
      // ignoreBOM: false strips a UTF-8 BOM; fatal: a single bad byte fails instead of becoming U+FFFD.
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  if (encoding === 'utf-8' || (encoding === 'auto' && hasBom)) {
    const text = tryDecode('utf-8');
    if (text === undefined)
      throw new CsvEncodingError(
        'The file is not valid UTF-8. Save it as UTF-8, or declare encoding "shift_jis".',
      );
    return { text, encoding: 'utf-8' };
  }
  if (encoding === 'shift_jis') {
    const text = tryDecode('shift_jis');
    if (text === undefined)
      throw new CsvEncodingError(
        'The file is not valid Shift_JIS. Save it as UTF-8, or declare encoding "utf-8".',
      );
    return { text, encoding: 'shift_jis' };
  }
  const utf8 = tryDecode('utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const sjis = tryDecode('shift_jis');
  if (sjis !== undefined) return { text: sjis, encoding: 'shift_jis' };
  throw new CsvEncodingError(
    'The file is neither UTF-8 nor Shift_JIS (CP932). Save it as UTF-8 and import it again.',
  );
}
