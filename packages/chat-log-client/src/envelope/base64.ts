/**
 * Standard base64 (with padding) for the small values in envelope metadata, with `btoa`/`atob` so browsers and
 * Node share one code path. Not meant for payloads.
 * @internal
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes strict standard base64; `undefined` when `text` is not canonical base64. @internal */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // atob ignores non-zero padding bits, so two strings could decode to the same bytes; only the canonical one counts.
  return toBase64(bytes) === text ? bytes : undefined;
}
