import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { SHA256_METADATA_HEADER } from '@mv/chat-log-client/contract';
import { Hash } from '@smithy/hash-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';

/** What a caller must do to use a presigned URL: this method, this URL, exactly these headers. */
export interface SignedRequest {
  method: 'PUT' | 'GET';
  url: string;
  /** Lower-case names; every one is signed, so all must be sent verbatim. `host` is left to the HTTP client. */
  headers: Record<string, string>;
}

/** Options of {@link S3UrlSigner}. */
export interface S3UrlSignerOptions {
  bucket: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * A custom S3 endpoint (e.g. from `AWS_ENDPOINT_URL_S3`): URLs are then path-style on it,
   * `<endpoint>/<bucket>/<key>`, unless `forcePathStyle` is `false`.
   */
  endpoint?: string | undefined;
  /** `true`: path-style on the AWS endpoint too; `false`: virtual-hosted style on a custom endpoint too. */
  forcePathStyle?: boolean | undefined;
  /**
   * Adds `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD` to the query, as `getSignedUrl` does (default `true`). S3 does not
   * need it; `false` reproduces AWS's published SigV4 query-string example byte for byte.
   */
  payloadHashInQuery?: boolean | undefined;
}

/** What to sign for an upload. */
export interface PutSignParams {
  key: string;
  contentType: string;
  contentLength?: number | undefined;
  checksumSha256?: string | undefined;
  kmsKeyId?: string | undefined;
  /**
   * Sign `If-None-Match: *`: S3 then refuses (412) to write over an existing object, so a retry after a lost
   * response can never leave a second object or version behind.
   */
  ifNoneMatch?: boolean | undefined;
  expiresIn: number;
  signingDate?: Date | undefined;
}

/** What to sign for a download. */
export interface GetSignParams {
  key: string;
  expiresIn: number;
  signingDate?: Date | undefined;
  /** Sign `x-amz-checksum-mode: ENABLED` so S3 returns the stored SHA-256 with the object. */
  checksumMode?: boolean | undefined;
  /** Add the SDK's `x-id=GetObject` marker (default `true`). @internal */
  operationMarker?: boolean | undefined;
}

const CONTENT_SHA256 = 'x-amz-content-sha256';

/** RFC 3986 encoding as S3 and SigV4 expect it (encodeURIComponent leaves !'()* alone). @internal */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function encodeKey(key: string): string {
  return key.split('/').map(escapeUri).join('/');
}

function isVirtualHostable(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !/^\d+\.\d+\.\d+\.\d+$/.test(bucket);
}

interface Target {
  protocol: string;
  hostname: string;
  port: number | undefined;
  pathPrefix: string;
}

/**
 * Signs S3 GET and PUT URLs with `S3RequestPresigner` alone: no `S3Client`, no middleware stack, no endpoint
 * rules engine, no default CRC32 checksum parameters. Everything that must reach S3 unchanged (content type and
 * length, SHA-256, SSE-KMS) is a signed header and comes back in {@link SignedRequest.headers}.
 *
 * @example
 * const signer = new S3UrlSigner({ bucket: 'my-bucket', region: 'ap-northeast-1', credentials: fromEnv() });
 * const { url, headers } = await signer.presignPut({ key: 'chat-logs/alice/x.json', contentType: 'application/json', expiresIn: 900 });
 * await fetch(url, { method: 'PUT', headers, body });
 */
export class S3UrlSigner {
  readonly bucket: string;
  private readonly presigner: S3RequestPresigner;
  private readonly target: Target;
  private readonly pathStyle: boolean;
  private readonly payloadHashInQuery: boolean;

  constructor(options: S3UrlSignerOptions) {
    this.bucket = options.bucket;
    this.payloadHashInQuery = options.payloadHashInQuery ?? true;
    this.presigner = new S3RequestPresigner({
      credentials: options.credentials,
      region: options.region,
      sha256: Hash.bind(null, 'sha256'),
    });
    const suffix = options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    const endpoint = new URL(options.endpoint ?? `https://s3.${options.region}.${suffix}`);
    // A custom endpoint (moto, MinIO, LocalStack) means path-style unless told otherwise, like the SDK's
    // forcePathStyle; on AWS, virtual-hosted style unless the bucket name cannot be a DNS label.
    this.pathStyle = options.endpoint
      ? options.forcePathStyle !== false
      : options.forcePathStyle === true || !isVirtualHostable(options.bucket);
    this.target = {
      protocol: endpoint.protocol,
      hostname: this.pathStyle ? endpoint.hostname : `${options.bucket}.${endpoint.hostname}`,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      pathPrefix: endpoint.pathname.replace(/\/+$/, ''),
    };
  }

  /** Signs a PUT of exactly these bytes (length and SHA-256 when given) with these headers. */
  presignPut(params: PutSignParams): Promise<SignedRequest> {
    const headers: Record<string, string> = { 'content-type': params.contentType };
    if (params.contentLength !== undefined) headers['content-length'] = String(params.contentLength);
    if (params.ifNoneMatch) headers['if-none-match'] = '*';
    if (params.checksumSha256 !== undefined) {
      headers['x-amz-sdk-checksum-algorithm'] = 'SHA256';
      headers['x-amz-checksum-sha256'] = params.checksumSha256;
      // Kept as user metadata too, for S3-compatible stores that do not return checksums on GET.
      headers[SHA256_METADATA_HEADER] = params.checksumSha256;
    }
    if (params.kmsKeyId !== undefined) {
      headers['x-amz-server-side-encryption'] = 'aws:kms';
      headers['x-amz-server-side-encryption-aws-kms-key-id'] = params.kmsKeyId;
    }
    return this.sign('PUT', params.key, headers, params.expiresIn, params.signingDate);
  }

  /** Signs a GET of one object. */
  presignGet(params: GetSignParams): Promise<SignedRequest> {
    const headers: Record<string, string> = {};
    if (params.checksumMode) headers['x-amz-checksum-mode'] = 'ENABLED';
    return this.sign(
      'GET',
      params.key,
      headers,
      params.expiresIn,
      params.signingDate,
      params.operationMarker,
    );
  }

  private async sign(
    method: 'PUT' | 'GET',
    key: string,
    headers: Record<string, string>,
    expiresIn: number,
    signingDate: Date | undefined,
    operationMarker = true,
  ): Promise<SignedRequest> {
    const { protocol, hostname, port, pathPrefix } = this.target;
    const path = `${pathPrefix}${this.pathStyle ? `/${this.bucket}` : ''}/${encodeKey(key)}`;
    const names = Object.keys(headers);
    const request: HttpRequest = {
      method,
      protocol,
      hostname,
      port,
      path,
      // The operation marker the SDK adds; kept so our URLs equal getSignedUrl's for the same inputs.
      query: operationMarker ? { 'x-id': method === 'PUT' ? 'PutObject' : 'GetObject' } : {},
      headers: { ...headers, host: port === undefined ? hostname : `${hostname}:${port}` },
    };
    const unhoistable = new Set(names.filter((name) => name.startsWith('x-amz-')));
    const unsignable = new Set<string>();
    if (!this.payloadHashInQuery) {
      unhoistable.add(CONTENT_SHA256);
      unsignable.add(CONTENT_SHA256);
    }
    const signed = await this.presigner.presign(request, {
      expiresIn,
      signingDate: signingDate ?? new Date(),
      signableHeaders: new Set(names),
      unhoistableHeaders: unhoistable,
      unsignableHeaders: unsignable,
    });
    let query = '';
    const signedQuery = signed.query ?? {};
    for (const name of Object.keys(signedQuery).sort()) {
      const value = signedQuery[name];
      if (typeof value === 'string') query += `${query ? '&' : ''}${escapeUri(name)}=${escapeUri(value)}`;
    }
    const authority = port === undefined ? hostname : `${hostname}:${port}`;
    return { method, url: `${protocol}//${authority}${path}?${query}`, headers };
  }
}
