import type { PresignResponse } from './contract.js';
import { PresignRequestError } from './errors.js';
import type { PresignClient } from './PresignClient.js';

/** The object a presigned URL addresses: origin and path, without the signature in the query. */
function objectAddress(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether a presigned upload read back from disk (an offline spool's manifest) may be used: the presign endpoint,
 * asked now for a download of the same key, must sign a URL for the very same object (scheme, host, port and
 * path, so the same S3 host, bucket and key). A URL pointing anywhere else, or a key the endpoint will not sign for
 * this caller (400/403/404), is not trusted; the caller then asks for a fresh upload instead. Failures that say
 * nothing about the URL (network, 5xx, 401) are thrown.
 * @internal
 */
export async function endpointVouchesFor(
  client: PresignClient,
  saved: PresignResponse,
  signal?: AbortSignal,
): Promise<boolean> {
  const address = objectAddress(saved.presignedUrl);
  if (address === undefined || saved.method !== 'PUT') return false;
  let check: PresignResponse;
  try {
    check = await client.presign({ action: 'download', s3Key: saved.s3Key }, signal);
  } catch (error) {
    if (error instanceof PresignRequestError && [400, 403, 404].includes(error.status)) return false;
    throw error;
  }
  return objectAddress(check.presignedUrl) === address;
}
