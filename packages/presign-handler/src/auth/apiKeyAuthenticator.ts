import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '@mv/http-edge';
import type { ApiKeyEntry } from '../config.js';
import { UnauthorizedError } from '../errors.js';
import type { Authenticator } from './types.js';

/**
 * `AUTH_MODE=api-key`: `Authorization: Bearer <key>`, checked against `API_KEYS=alice:<sha256 hex>,...`.
 * Only hashes are configured, and every entry is compared in constant time, so neither the answer nor its timing
 * tells which entry (if any) came close.
 *
 * @example
 * const authenticate = apiKeyAuthenticator([{ principal: 'alice', sha256Hex: '9f86d0…' }]);
 * const principal = await authenticate({ headers: new Headers({ authorization: 'Bearer test' }) }); // 'alice'
 */
export function apiKeyAuthenticator(entries: readonly ApiKeyEntry[]): Authenticator {
  const table = entries.map((entry) => ({
    principal: entry.principal,
    digest: Buffer.from(entry.sha256Hex, 'hex'),
  }));
  return async (request) => {
    const token = bearerToken(request.headers.get('authorization'));
    if (!token || token.length > 4096) throw new UnauthorizedError();
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let principal: string | undefined;
    for (const entry of table) {
      // No early exit: the loop costs the same whichever entry matches.
      if (timingSafeEqual(digest, entry.digest) && principal === undefined) principal = entry.principal;
    }
    if (principal === undefined) throw new UnauthorizedError();
    return principal;
  };
}

/**
 * The SHA-256 hex of an API key, the form `API_KEYS` takes.
 *
 * @example
 * `API_KEYS=alice:${hashApiKey(process.env.ALICE_KEY!)}`
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
