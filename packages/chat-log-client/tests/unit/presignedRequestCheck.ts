import { createHash, createHmac } from 'node:crypto';

/** What S3 refuses a presigned request with: its status, code and message. */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986, as SigV4 canonicalises query names and values. */
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks a presigned S3 request as S3 does, written from the SigV4 specification and independent of the signer the
 * handler uses: the signature over method, path, query and every signed header as sent, the expiry, and that no
 * `x-amz-*` header travels unsigned. Answers the refusal S3 would give, or `undefined` when S3 would accept it.
 *
 * @example
 * const refusal = checkPresignedRequest({ url, method: 'PUT', headers }, { accessKeyId, secretAccessKey }, new Date());
 * if (refusal) return new Response(`<Error><Code>${refusal.code}</Code></Error>`, { status: refusal.status });
 */
export function checkPresignedRequest(
  request: { url: string; method: string; headers: Record<string, string> },
  credentials: { accessKeyId: string; secretAccessKey: string },
  now: Date,
): S3Refusal | undefined {
  const url = new URL(request.url);
  const query = url.searchParams;
  const [algorithm, credential, amzDate, expires, signedHeaders, signature] = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-Expires',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
  ].map((name) => query.get(name));
  if (
    algorithm !== 'AWS4-HMAC-SHA256' ||
    !credential ||
    !amzDate ||
    !expires ||
    !signedHeaders ||
    !signature
  ) {
    return {
      status: 403,
      code: 'AccessDenied',
      message: 'Query-string authentication requires all X-Amz-* parameters',
    };
  }
  const [accessKeyId, ...scopeParts] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) {
    return {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist',
    };
  }
  const signedAt = Date.parse(
    amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (now.getTime() > signedAt + Number(expires) * 1000) {
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  }
  const signed = signedHeaders.split(';');
  if (Object.keys(request.headers).some((name) => name.startsWith('x-amz-') && !signed.includes(name))) {
    return {
      status: 403,
      code: 'AccessDenied',
      message: 'There were headers present in the request which were not signed',
    };
  }
  const headerValue = (name: string) => (name === 'host' ? url.host : (request.headers[name] ?? ''));
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    request.method,
    url.pathname,
    canonicalQuery,
    signed.map((name) => `${name}:${headerValue(name).trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = scopeParts.join('/');
  const stringToSign = [
    algorithm,
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingKey = scopeParts.reduce<string | Buffer>(
    (key, part) => hmac(key, part),
    `AWS4${credentials.secretAccessKey}`,
  );
  if (hmac(signingKey, stringToSign).toString('hex') !== signature) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided',
    };
  }
  return undefined;
}
