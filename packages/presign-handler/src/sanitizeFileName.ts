/** Longest sanitised name, in UTF-8 bytes: leaves room for prefix, principal and timestamp in S3's 1024-byte keys. */
export const MAX_FILE_NAME_BYTES = 200;

// Letters (any script, so Japanese stays), combining marks, digits, and a few punctuation marks that are safe in
// S3 keys and URLs. Everything else, including path separators, control characters, format characters (zero-width
// spaces, bidi overrides such as U+202E), and look-alike slashes, is dropped.
const DISALLOWED = /[^\p{L}\p{M}\p{N}._\-()+=@,~ ]/gu;
const encoder = new TextEncoder();

function truncateUtf8(value: string, maxBytes: number): string {
  if (encoder.encode(value).length <= maxBytes) return value;
  let out = '';
  let bytes = 0;
  for (const char of value) {
    const size = encoder.encode(char).length;
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * Turns any caller-supplied file name into one safe last segment of an S3 key: NFC-normalised, no path separators,
 * no `..`, no control or invisible characters, whitespace folded to `_`, at most {@link MAX_FILE_NAME_BYTES} bytes
 * with the extension kept. Returns `''` when nothing usable is left (the handler answers 400).
 *
 * @example
 * sanitizeFileName('../../etc/passwd');      // 'etc_passwd'
 * sanitizeFileName('会議ログ 2024.json');     // '会議ログ_2024.json'
 * sanitizeFileName('evil\u202Egpj.exe');     // 'evilgpj.exe'
 */
export function sanitizeFileName(input: string): string {
  let name = input.normalize('NFC');
  // Path separators become a visible break rather than vanishing, so 'a/b.json' stays readable as 'a_b.json'.
  name = name.replace(/[/\\]+/g, '_');
  // Real whitespace (tabs, newlines, Unicode spaces) folds to one space; invisible format characters (U+FEFF,
  // zero-width, bidi controls) and other control characters vanish.
  name = name.replace(/[\t\n\v\f\r\p{Zs}\p{Zl}\p{Zp}]+/gu, ' ');
  name = name.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(DISALLOWED, '');
  name = name.trim().replace(/ +/g, '_');
  // '..' anywhere (and any run of dots) collapses to one dot; no leading or trailing dots, dashes or underscores.
  name = name.replace(/\.{2,}/g, '.');
  name = name.replace(/_{2,}/g, '_').replace(/_+\./g, '.');
  name = name.replace(/^[._\-~]+|[._\-~]+$/g, '');
  if (name === '') return '';
  if (encoder.encode(name).length > MAX_FILE_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    const stem = truncateUtf8(
      name.slice(0, name.length - extension.length),
      MAX_FILE_NAME_BYTES - extension.length,
    );
    name = stem.replace(/[._\-~]+$/, '') + extension;
  }
  return name;
}
