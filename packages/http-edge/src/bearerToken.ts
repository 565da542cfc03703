/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 6750), `undefined` when no
 * Authorization header was sent, `null` when one was sent but is not a well-formed bearer token.
 *
 * @example
 * const token = bearerToken(request.headers.get('authorization'));
 * if (token === null) throw new UnauthorizedError();
 */
export function bearerToken(header: string | null | undefined): string | undefined | null {
  if (header === null || header === undefined || header === '') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? (match[1] as string) : null;
}
