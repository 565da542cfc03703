import { createHmac } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import {
  ALGORITHM_IDENTIFIER,
  ALGORITHM_QUERY_PARAM,
  AMZ_DATE_QUERY_PARAM,
  CREDENTIAL_QUERY_PARAM,
  createScope,
  EXPIRES_QUERY_PARAM,
  getCanonicalHeaders,
  getPayloadHash,
  getSigningKey,
  MAX_PRESIGNED_TTL,
  moveHeadersToQuery,
  prepareRequest,
  SIGNATURE_QUERY_PARAM,
  SIGNED_HEADERS_QUERY_PARAM,
  SignatureV4Base,
  TOKEN_QUERY_PARAM,
} from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  HttpRequest,
  QueryParameterBag,
} from '@smithy/types';

/** What {@link QueryPresigner.presign} signs with. All three sets are read, never changed. */
export interface QueryPresignOptions {
  signingDate: Date;
  /** Seconds, at most SigV4's 7 days. */
  expiresIn: number;
  signableHeaders: Set<string>;
  unhoistableHeaders: Set<string>;
  unsignableHeaders: Set<string>;
}

/**
 * SigV4 query-string presigning for S3, composed from `@smithy/signature-v4`'s exported parts on its abstract
 * `SignatureV4Base`, the way `@smithy/signature-v4a` builds its signer. Header hoisting, canonical headers and
 * request, scope, signing key and payload hash are the SDK's own functions, configured as `S3RequestPresigner`
 * configures its signer (paths not escaped twice, payload not hashed); this class only orders the steps of
 * `SignatureV4.presign`. `SignatureV4` itself also signs requests, strings and event-stream messages, and loads an
 * event-stream header formatter for that on construction: 4.5 KB of the Lambda bundle this package never runs.
 * The URLs are byte for byte those of `getSignedUrl` (tested in S3UrlSigner.test.ts).
 */
export class QueryPresigner extends SignatureV4Base {
  constructor(options: {
    region: string;
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  }) {
    super({
      service: 's3',
      region: options.region,
      credentials: options.credentials,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  /** The request with the `X-Amz-*` query parameters of a presigned URL, signature included. */
  async presign(
    original: HttpRequest,
    options: QueryPresignOptions,
  ): Promise<HttpRequest & { query: QueryParameterBag }> {
    if (options.expiresIn > MAX_PRESIGNED_TTL) {
      throw new RangeError('SigV4 presigned URLs expire within 7 days');
    }
    const credentials = await this.credentialProvider();
    this.validateResolvedCredentials(credentials);
    const region = await this.regionProvider();
    const { longDate, shortDate } = this.formatDate(options.signingDate);
    const scope = createScope(shortDate, region, this.service);
    const request = moveHeadersToQuery(prepareRequest(original), {
      unhoistableHeaders: options.unhoistableHeaders,
    });
    if (credentials.sessionToken) request.query[TOKEN_QUERY_PARAM] = credentials.sessionToken;
    request.query[ALGORITHM_QUERY_PARAM] = ALGORITHM_IDENTIFIER;
    request.query[CREDENTIAL_QUERY_PARAM] = `${credentials.accessKeyId}/${scope}`;
    request.query[AMZ_DATE_QUERY_PARAM] = longDate;
    request.query[EXPIRES_QUERY_PARAM] = options.expiresIn.toString(10);
    const canonicalHeaders = getCanonicalHeaders(request, options.unsignableHeaders, options.signableHeaders);
    request.query[SIGNED_HEADERS_QUERY_PARAM] = this.getCanonicalHeaderList(canonicalHeaders);
    const canonicalRequest = this.createCanonicalRequest(
      request,
      canonicalHeaders,
      await getPayloadHash(original, this.sha256),
    );
    const stringToSign = await this.createStringToSign(
      longDate,
      scope,
      canonicalRequest,
      ALGORITHM_IDENTIFIER,
    );
    const signingKey = await getSigningKey(this.sha256, credentials, shortDate, region, this.service);
    request.query[SIGNATURE_QUERY_PARAM] = createHmac('sha256', signingKey)
      .update(stringToSign)
      .digest('hex');
    return request;
  }
}
