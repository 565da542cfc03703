import { SHA256_METADATA_HEADER } from '@mv/chat-log-contract';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { QueryPresigner } from './queryPresigner.js';

/** What a caller must do to use a presigned URL: this method, this URL, exactly these headers. */
export interface SignedRequest {
  method: 'PUT' | 'GET' | 'POST' | 'DELETE';
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
  /** `gzip`: sign `Content-Encoding: gzip` (S3 stores it and returns it on GET). */
  contentEncoding?: 'gzip' | undefined;
  /** User metadata, signed as `x-amz-meta-<key>` headers. */
  metadata?: Readonly<Record<string, string>> | undefined;
  /**
   * Sign `If-None-Match: *`: S3 then refuses (412) to write over an existing object, so a retry after a lost
   * response can never leave a second object or version behind.
   */
  ifNoneMatch?: boolean | undefined;
  expiresIn: number;
  signingDate?: Date | undefined;
}

/** What to sign to start a multipart upload (`POST ?uploads`). */
export interface CreateMultipartSignParams {
  key: string;
  contentType: string;
  /** Ask S3 to keep a SHA-256 per part (and a composite checksum for the object). */
  checksumSha256?: boolean | undefined;
  kmsKeyId?: string | undefined;
  contentEncoding?: 'gzip' | undefined;
  metadata?: Readonly<Record<string, string>> | undefined;
  expiresIn: number;
  signingDate?: Date | undefined;
}

/** What to sign for one part (`PUT ?partNumber&uploadId`). */
export interface UploadPartSignParams {
  key: string;
  uploadId: string;
  partNumber: number;
  contentLength: number;
  checksumSha256: string;
  expiresIn: number;
  signingDate?: Date | undefined;
}

/** What to sign for ListParts, CompleteMultipartUpload or AbortMultipartUpload. */
export interface MultipartSignParams {
  key: string;
  uploadId: string;
  expiresIn: number;
  signingDate?: Date | undefined;
  /** ListParts only: continue after this part number. */
  partNumberMarker?: number | undefined;
  /** CompleteMultipartUpload only: sign `x-amz-mp-object-size`, so S3 refuses (400) any other total. */
  objectSize?: number | undefined;
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
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** RFC 3986 encoding as S3 and SigV4 expect it (encodeURIComponent leaves !'()* alone). @internal */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** SSE-KMS, content encoding and user metadata: the headers a PUT and a multipart create share. */
function addObjectHeaders(
  headers: Record<string, string>,
  params: {
    kmsKeyId?: string | undefined;
    contentEncoding?: 'gzip' | undefined;
    metadata?: Readonly<Record<string, string>> | undefined;
  },
): void {
  if (params.contentEncoding !== undefined) headers['content-encoding'] = params.contentEncoding;
  for (const [name, value] of Object.entries(params.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
  if (params.kmsKeyId !== undefined) {
    headers['x-amz-server-side-encryption'] = 'aws:kms';
    headers['x-amz-server-side-encryption-aws-kms-key-id'] = params.kmsKeyId;
  }
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
 * Signs S3 GET and PUT URLs with the SDK's SigV4 parts ({@link QueryPresigner} on `@smithy/signature-v4`, configured
 * for S3 as `S3RequestPresigner` configures it, without the SigV4a wrapper multi-Region access points need): no `S3Client`,
 * no middleware stack, no endpoint rules engine, no default CRC32 checksum parameters. The URLs are byte for byte
 * those of `getSignedUrl` + `S3Client` (tested). Everything that must reach S3 unchanged (content type and
 * length, SHA-256, SSE-KMS) is a signed header and comes back in {@link SignedRequest.headers}.
 *
 * @example
 * const signer = new S3UrlSigner({ bucket: 'my-bucket', region: 'ap-northeast-1', credentials: fromEnv() });
 * const { url, headers } = await signer.presignPut({ key: 'chat-logs/alice/x.json', contentType: 'application/json', expiresIn: 900 });
 * await fetch(url, { method: 'PUT', headers, body });
 */
export class S3UrlSigner {
  readonly bucket: string;
  private readonly signer: QueryPresigner;
  private readonly target: Target;
  private readonly pathStyle: boolean;
  private readonly payloadHashInQuery: boolean;
  private readonly setsByNames = new Map<
    string,
    { signable: Set<string>; unhoistable: Set<string>; unsignable: Set<string> }
  >();

  constructor(options: S3UrlSignerOptions) {
    this.bucket = options.bucket;
    this.payloadHashInQuery = options.payloadHashInQuery ?? true;
    this.signer = new QueryPresigner({ region: options.region, credentials: options.credentials });
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
    addObjectHeaders(headers, params);
    return this.sign('PUT', params.key, headers, params.expiresIn, params.signingDate);
  }

  /** Signs `POST ?uploads` (CreateMultipartUpload) with the object's type, encryption and metadata. */
  presignCreateMultipart(params: CreateMultipartSignParams): Promise<SignedRequest> {
    const headers: Record<string, string> = { 'content-type': params.contentType };
    if (params.checksumSha256) headers['x-amz-checksum-algorithm'] = 'SHA256';
    addObjectHeaders(headers, params);
    // `?uploads` already names the operation: the SDK adds no x-id marker here.
    return this.sign('POST', params.key, headers, params.expiresIn, params.signingDate, null, {
      uploads: '',
    });
  }

  /** Signs the PUT of one part: exact length and SHA-256 signed. */
  presignUploadPart(params: UploadPartSignParams): Promise<SignedRequest> {
    const headers = {
      'content-length': String(params.contentLength),
      'x-amz-sdk-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': params.checksumSha256,
    };
    return this.sign('PUT', params.key, headers, params.expiresIn, params.signingDate, 'UploadPart', {
      partNumber: String(params.partNumber),
      uploadId: params.uploadId,
    });
  }

  /** Signs `GET ?uploadId` (ListParts), to resume. */
  presignListParts(params: MultipartSignParams): Promise<SignedRequest> {
    const query: Record<string, string> = { uploadId: params.uploadId };
    if (params.partNumberMarker !== undefined) query['part-number-marker'] = String(params.partNumberMarker);
    return this.sign('GET', params.key, {}, params.expiresIn, params.signingDate, 'ListParts', query);
  }

  /** Signs `POST ?uploadId` (CompleteMultipartUpload) with `If-None-Match: *`: it never replaces an object. */
  presignCompleteMultipart(params: MultipartSignParams): Promise<SignedRequest> {
    const headers: Record<string, string> = { 'content-type': 'application/xml', 'if-none-match': '*' };
    if (params.objectSize !== undefined) headers['x-amz-mp-object-size'] = String(params.objectSize);
    return this.sign('POST', params.key, headers, params.expiresIn, params.signingDate, null, {
      uploadId: params.uploadId,
    });
  }

  /** Signs `DELETE ?uploadId` (AbortMultipartUpload). */
  presignAbortMultipart(params: MultipartSignParams): Promise<SignedRequest> {
    return this.sign('DELETE', params.key, {}, params.expiresIn, params.signingDate, 'AbortMultipartUpload', {
      uploadId: params.uploadId,
    });
  }

  /** Signs a GET of one object. */
  presignGet(params: GetSignParams): Promise<SignedRequest> {
    const headers: Record<string, string> = {};
    if (params.checksumMode) headers['x-amz-checksum-mode'] = 'ENABLED';
    const operation = params.operationMarker === false ? null : 'GetObject';
    return this.sign('GET', params.key, headers, params.expiresIn, params.signingDate, operation);
  }

  /**
   * The signing sets for a combination of header names, built once per combination: every header is signed, and
   * x-amz-* headers stay headers (not query parameters), so they come back in `headers`.
   */
  private headerSets(names: readonly string[]) {
    const id = names.join(',');
    let sets = this.setsByNames.get(id);
    if (!sets) {
      const unhoistable = new Set(names.filter((name) => name.startsWith('x-amz-')));
      const unsignable = new Set<string>();
      if (!this.payloadHashInQuery) {
        unhoistable.add(CONTENT_SHA256);
        unsignable.add(CONTENT_SHA256);
      }
      sets = { signable: new Set(names), unhoistable, unsignable };
      this.setsByNames.set(id, sets);
    }
    // The signer only reads them.
    return sets;
  }

  private async sign(
    method: SignedRequest['method'],
    key: string,
    headers: Record<string, string>,
    expiresIn: number,
    signingDate: Date | undefined,
    operation: string | null = method === 'PUT' ? 'PutObject' : 'GetObject',
    query: Record<string, string> = {},
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
      // `x-id` is the operation marker the SDK adds; kept so our URLs equal getSignedUrl's for the same inputs.
      query: operation === null ? { ...query } : { ...query, 'x-id': operation },
      // What S3RequestPresigner adds before signing: the host and an unsigned payload.
      headers: {
        ...headers,
        host: port === undefined ? hostname : `${hostname}:${port}`,
        // Spelled as the presigner spells it: hoisted into the query under this name.
        'X-Amz-Content-Sha256': UNSIGNED_PAYLOAD,
      },
    };
    const { signable, unhoistable, unsignable } = this.headerSets(names);
    const signed = await this.signer.presign(request, {
      expiresIn,
      signingDate: signingDate ?? new Date(),
      signableHeaders: signable,
      unhoistableHeaders: unhoistable,
      unsignableHeaders: unsignable,
    });
    // Parameter names are fixed ASCII and values (credential scope, dates, hex, base64 tokens, upload ids) never
    // hold !'()*, so encodeURIComponent alone matches the SDK's escaping here (the profile showed the slower path).
    let search = '';
    const signedQuery = signed.query ?? {};
    for (const name of Object.keys(signedQuery).sort()) {
      const value = signedQuery[name];
      if (typeof value === 'string') search += `${search ? '&' : ''}${name}=${encodeURIComponent(value)}`;
    }
    const authority = port === undefined ? hostname : `${hostname}:${port}`;
    return { method, url: `${protocol}//${authority}${path}?${search}`, headers };
  }
}
