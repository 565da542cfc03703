import { randomInt } from 'node:crypto';

/** S3's limit for an object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

const encoder = new TextEncoder();

/**
 * The key segment for a principal. Percent-encoding is injective, so two different principals can never share a
 * prefix (`a:b` and `a_b` stay apart), and no principal can contain `/` or be `.`/`..`.
 *
 * @example
 * principalSegment('AROAEXAMPLE:alice'); // 'AROAEXAMPLE%3Aalice'
 */
export function principalSegment(principal: string): string {
  const segment = encodeURIComponent(principal.normalize('NFC'));
  if (segment === '') throw new Error('empty principal');
  // '.' and '..' are the only segments encodeURIComponent leaves dangerous; '%2E' can never come from encoding.
  return /^\.+$/.test(segment) ? segment.replace(/\./g, '%2E') : segment;
}

/** The prefix every key of `principal` lives under: `<keyPrefix><segment>/`. */
export function principalPrefix(keyPrefix: string, principal: string): string {
  return `${keyPrefix}${principalSegment(principal)}/`;
}

let lastMillis = 0;
let sequence = 0;

/**
 * An ISO-8601 UTC timestamp with nanosecond-style precision that is unique for every call in this process: the
 * milliseconds come from the clock; the six digits after them start at a random value for each new millisecond
 * and count up within it. Distinct Lambda instances therefore collide only if they sign the same name for the same
 * principal in the same millisecond and draw the same six random digits.
 * @internal
 */
export function uniqueTimestamp(now: Date): string {
  const millis = now.getTime();
  if (millis !== lastMillis) {
    lastMillis = millis;
    sequence = randomInt(0, 500_000);
  } else {
    sequence += 1;
  }
  if (sequence > 999_999) throw new Error('more than 500,000 keys in one millisecond');
  const iso = now.toISOString(); // 2026-11-23T16:20:00.123Z
  return `${iso.slice(0, -1)}${String(sequence).padStart(6, '0')}Z`;
}

/**
 * Builds the object key `<keyPrefix><principal>/<ISO-8601 timestamp>_<sanitised file name>`.
 *
 * @example
 * buildObjectKey('chat-logs/', 'alice', 'chat.json', new Date());
 * // 'chat-logs/alice/2026-11-23T16:20:00.123482913Z_chat.json'
 */
export function buildObjectKey(
  keyPrefix: string,
  principal: string,
  safeFileName: string,
  now: Date,
): string {
  const key = `${principalPrefix(keyPrefix, principal)}${uniqueTimestamp(now)}_${safeFileName}`;
  if (encoder.encode(key).length > MAX_KEY_BYTES) throw new Error('key too long');
  return key;
}

/**
 * Whether `key` is a well-formed key inside `principal`'s own prefix: no traversal segments, no control
 * characters, not the prefix itself.
 *
 * @example
 * isOwnKey('chat-logs/', 'alice', 'chat-logs/alice/x.json');  // true
 * isOwnKey('chat-logs/', 'alice', 'chat-logs/alice2/x.json'); // false
 */
export function isOwnKey(keyPrefix: string, principal: string, key: string): boolean {
  const prefix = principalPrefix(keyPrefix, principal);
  if (!key.startsWith(prefix) || key.length === prefix.length) return false;
  if (encoder.encode(key).length > MAX_KEY_BYTES) return false;
  if (/[\p{Cc}\p{Cf}\\]/u.test(key)) return false;
  if (key.normalize('NFC') !== key) return false;
  const rest = key.slice(prefix.length).split('/');
  return rest.every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
