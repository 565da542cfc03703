import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { S3UrlSigner } from '../../src/S3UrlSigner.js';

// The credentials and clock of AWS's published SigV4 query-string example (S3 API reference, "Authenticating
// Requests: Using Query Parameters").
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const signingDate = new Date('2013-05-24T00:00:00Z');

function sdkClient(region: string, extra: Record<string, unknown> = {}): S3Client {
  return new S3Client({
    region,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...extra,
  });
}

function sortedQuery(url: string): [string, string][] {
  return [...new URL(url).searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
}

describe('S3UrlSigner', () => {
  it("reproduces AWS's published presigned GET example byte for byte", async () => {
    // Prepare
    const signer = new S3UrlSigner({
      bucket: 'examplebucket',
      region: 'us-east-1',
      credentials,
      endpoint: 'https://s3.amazonaws.com',
      forcePathStyle: false,
      payloadHashInQuery: false,
    });

    const published =
      'https://examplebucket.s3.amazonaws.com/test.txt' +
      '?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
      '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

    // Act
    const signed = await signer.presignGet({
      key: 'test.txt',
      expiresIn: 86400,
      signingDate,
      operationMarker: false,
    });

    // Assess: same resource, same parameters, same signature (S3 does not care about parameter order).
    expect(signed.url.split('?')[0]).toBe(published.split('?')[0]);
    expect(sortedQuery(signed.url)).toEqual(sortedQuery(published));
    expect(signed.headers).toEqual({});
  });

  it.each([
    ['us-east-1', 'examplebucket'],
    ['ap-northeast-1', 'media-viewer-v209-chat-logs-dev-123456789012'],
    ['eu-west-1', 'bucket.with.dots'],
  ])('signs a GET exactly as getSignedUrl + S3Client does (%s, %s)', async (region, bucket) => {
    const key = 'chat-logs/AROAEXAMPLE%3Aalice/2026-11-23T16:20:00.123000001Z_会議ログ (1).json';
    const expected = await getSignedUrl(
      sdkClient(region),
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 900,
        signingDate,
      },
    );
    const ours = await new S3UrlSigner({ bucket, region, credentials }).presignGet({
      key,
      expiresIn: 900,
      signingDate,
    });
    expect(ours.url).toBe(expected);
  });

  it("signs with a role session's token (a Lambda's credentials) exactly as getSignedUrl + S3Client does", async () => {
    // Prepare: temporary credentials, as every Lambda execution role has.
    const session = {
      ...credentials,
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaDmFwLW5vcnRoZWFzdC0xIkcwRQIhAEXAMPLE+token/=',
    };
    const region = 'ap-northeast-1';
    const bucket = 'media-viewer-v209-chat-logs-dev-123456789012';
    const command = new PutObjectCommand({
      Bucket: bucket,
      Key: 'chat-logs/alice/a.json',
      ContentType: 'application/json',
      ContentLength: 12,
    });

    // Act
    const expected = await getSignedUrl(sdkClient(region, { credentials: session }), command, {
      expiresIn: 900,
      signingDate,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    const ours = await new S3UrlSigner({ bucket, region, credentials: session }).presignPut({
      key: 'chat-logs/alice/a.json',
      contentType: 'application/json',
      contentLength: 12,
      expiresIn: 900,
      signingDate,
    });

    // Assess: the token travels in the query and is part of what is signed.
    expect(new URL(ours.url).searchParams.get('X-Amz-Security-Token')).toBe(session.sessionToken);
    expect(ours.url).toBe(expected);
  });

  it('signs checksum mode as a header on a GET, as getSignedUrl does when told to keep it a header', async () => {
    const bucket = 'examplebucket';
    const expected = await getSignedUrl(
      sdkClient('us-east-1'),
      new GetObjectCommand({ Bucket: bucket, Key: 'chat-logs/a/x.json', ChecksumMode: 'ENABLED' }),
      { expiresIn: 900, signingDate, unhoistableHeaders: new Set(['x-amz-checksum-mode']) },
    );
    const ours = await new S3UrlSigner({ bucket, region: 'us-east-1', credentials }).presignGet({
      key: 'chat-logs/a/x.json',
      expiresIn: 900,
      signingDate,
      checksumMode: true,
    });
    expect(ours.url).toBe(expected);
    expect(ours.headers).toEqual({ 'x-amz-checksum-mode': 'ENABLED' });
  });

  it('signs an SSE-KMS PUT with length and SHA-256 exactly as getSignedUrl + S3Client does', async () => {
    // Prepare
    const bucket = 'media-viewer-v209-chat-logs-dev-123456789012';
    const key = 'chat-logs/alice/2026-11-23T16:20:00.123000001Z_chat.json';
    const kmsKeyId = 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const checksum = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    const command = new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentType: 'application/json',
      ContentLength: 0,
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: checksum,
      IfNoneMatch: '*',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyId,
      Metadata: { sha256: checksum },
    });
    const expected = await getSignedUrl(sdkClient('ap-northeast-1'), command, {
      expiresIn: 600,
      signingDate,
      signableHeaders: new Set(['content-type', 'content-length']),
      unhoistableHeaders: new Set([
        'x-amz-checksum-sha256',
        'x-amz-sdk-checksum-algorithm',
        'x-amz-meta-sha256',
      ]),
    });

    // Act
    const ours = await new S3UrlSigner({ bucket, region: 'ap-northeast-1', credentials }).presignPut({
      key,
      contentType: 'application/json',
      contentLength: 0,
      checksumSha256: checksum,
      kmsKeyId,
      ifNoneMatch: true,
      expiresIn: 600,
      signingDate,
    });

    // Assess
    expect(sortedQuery(ours.url)).toEqual(sortedQuery(expected));
    expect(ours.url.split('?')[0]).toBe(expected.split('?')[0]);
    expect(new URL(ours.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;if-none-match;x-amz-checksum-sha256;x-amz-meta-sha256;x-amz-sdk-checksum-algorithm;x-amz-server-side-encryption;x-amz-server-side-encryption-aws-kms-key-id',
    );
    // Checksums travel as signed headers only: no CRC32 default, no checksum query parameters.
    expect([...new URL(ours.url).searchParams.keys()].filter((name) => /checksum|crc/i.test(name))).toEqual(
      [],
    );
    expect(ours.headers).toEqual({
      'content-type': 'application/json',
      'content-length': '0',
      'if-none-match': '*',
      'x-amz-sdk-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': checksum,
      'x-amz-meta-sha256': checksum,
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyId,
    });
  });

  it('builds path-style URLs on a custom endpoint, as the SDK does with forcePathStyle', async () => {
    const endpoint = 'http://127.0.0.1:4566';
    const expected = await getSignedUrl(
      sdkClient('us-east-1', { endpoint, forcePathStyle: true }),
      new GetObjectCommand({ Bucket: 'chat', Key: 'chat-logs/a/b c.json' }),
      { expiresIn: 60, signingDate },
    );
    const ours = await new S3UrlSigner({
      bucket: 'chat',
      region: 'us-east-1',
      credentials,
      endpoint,
    }).presignGet({
      key: 'chat-logs/a/b c.json',
      expiresIn: 60,
      signingDate,
    });
    expect(ours.url).toBe(expected);
    expect(ours.url.startsWith('http://127.0.0.1:4566/chat/chat-logs/a/b%20c.json?')).toBe(true);
  });

  describe('multipart operations equal getSignedUrl + S3Client', () => {
    const bucket = 'media-viewer-v209-chat-logs-dev-123456789012';
    const region = 'ap-northeast-1';
    const key = 'chat-logs/alice/2026-11-23T16:20:00.123000001Z_big.ndjson';
    const uploadId = 'VXBsb2FkSWQtZXhhbXBsZQ.~_-+=/x';
    const kmsKeyId = 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const checksum = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    const signer = new S3UrlSigner({ bucket, region, credentials });
    // getSignedUrl is generic per command type; the commands below are all S3Client commands.
    const sdk = (command: unknown, options: Parameters<typeof getSignedUrl>[2] = {}) =>
      getSignedUrl(sdkClient(region), command as Parameters<typeof getSignedUrl>[1], {
        expiresIn: 900,
        signingDate,
        ...options,
      });

    it('CreateMultipartUpload with SHA-256 parts, SSE-KMS and metadata', async () => {
      const expected = await sdk(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ContentType: 'application/x-ndjson',
          ChecksumAlgorithm: 'SHA256',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: kmsKeyId,
          ContentEncoding: 'gzip',
          Metadata: { 'mv-part-size': '16777216' },
        }),
        {
          signableHeaders: new Set(['content-type', 'content-encoding']),
          unhoistableHeaders: new Set(['x-amz-checksum-algorithm', 'x-amz-meta-mv-part-size']),
        },
      );
      const ours = await signer.presignCreateMultipart({
        key,
        contentType: 'application/x-ndjson',
        checksumSha256: true,
        kmsKeyId,
        contentEncoding: 'gzip',
        metadata: { 'mv-part-size': '16777216' },
        expiresIn: 900,
        signingDate,
      });
      expect(sortedQuery(ours.url)).toEqual(sortedQuery(expected));
      expect(ours.url.split('?')[0]).toBe(expected.split('?')[0]);
      expect(ours.method).toBe('POST');
    });

    it('UploadPart with exact length and SHA-256', async () => {
      const expected = await sdk(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: 7,
          ContentLength: 16777216,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: checksum,
        }),
        {
          signableHeaders: new Set(['content-length']),
          unhoistableHeaders: new Set(['x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm']),
        },
      );
      const ours = await signer.presignUploadPart({
        key,
        uploadId,
        partNumber: 7,
        contentLength: 16777216,
        checksumSha256: checksum,
        expiresIn: 900,
        signingDate,
      });
      expect(sortedQuery(ours.url)).toEqual(sortedQuery(expected));
      expect(ours.url.split('?')[0]).toBe(expected.split('?')[0]);
    });

    it('ListParts, CompleteMultipartUpload and AbortMultipartUpload', async () => {
      const params = { key, uploadId, expiresIn: 900, signingDate };
      const pairs = [
        [
          await signer.presignListParts({ ...params, partNumberMarker: 100 }),
          await sdk(
            new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: '100' }),
          ),
        ],
        [
          await signer.presignCompleteMultipart(params),
          await sdk(
            new CompleteMultipartUploadCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              IfNoneMatch: '*',
            }),
            {
              signableHeaders: new Set(['content-type']),
            },
          ),
        ],
        [
          await signer.presignAbortMultipart(params),
          await sdk(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })),
        ],
      ] as const;
      for (const [ours, expected] of pairs) {
        expect(sortedQuery(ours.url)).toEqual(sortedQuery(expected));
        expect(ours.url.split('?')[0]).toBe(expected.split('?')[0]);
      }
    });
  });
});
