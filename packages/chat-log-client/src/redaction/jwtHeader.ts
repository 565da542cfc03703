/** Longest header segment worth decoding; real JOSE headers are a few hundred characters. */
const MAX_HEADER_LENGTH = 4096;

/**
 * Whether a dotted `header.payload.signature` string is a JWT: its first segment must be base64url of a JSON
 * object with an `alg`. That keeps base64 JSON blobs and dotted identifiers that merely start with `eyJ` out.
 * Uses `atob` and `TextDecoder`, so it runs in browsers and Node alike.
 * @internal
 */
export function hasJwtHeader(token: string): boolean {
  const segment = token.slice(0, token.indexOf('.'));
  if (segment.length === 0 || segment.length > MAX_HEADER_LENGTH) return false;
  try {
    const base64 = segment.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const header: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return (
      typeof header === 'object' &&
      header !== null &&
      !Array.isArray(header) &&
      typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}
