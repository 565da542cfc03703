import { describe, expect, it } from 'vitest';
import { choosePartSize, MULTIPART_LIMITS } from '../../src/index.js';
import { completeBody, listPartsOf, s3ErrorIn, uploadIdOf } from '../../src/s3Xml.js';

const MiB = 2 ** 20;

describe('choosePartSize', () => {
  it.each([
    [100 * MiB, undefined, 5 * MiB],
    [5 * 2 ** 30, undefined, 5 * MiB],
    [100 * 2 ** 30, undefined, 11 * MiB],
    [MULTIPART_LIMITS.maxObjectSize, undefined, 525 * MiB],
    [100 * MiB, 1 * MiB, 5 * MiB],
    [100 * MiB, 64 * MiB, 64 * MiB],
  ])('size %i, asked %s -> %i', (size, requested, expected) => {
    const partSize = choosePartSize(size, requested);
    expect(partSize).toBe(expected);
    expect(Math.ceil(size / partSize)).toBeLessThanOrEqual(MULTIPART_LIMITS.maxParts);
    expect(partSize).toBeGreaterThanOrEqual(MULTIPART_LIMITS.minPartSize);
    expect(partSize).toBeLessThanOrEqual(MULTIPART_LIMITS.maxPartSize);
  });

  it('refuses what S3 cannot store', () => {
    expect(() => choosePartSize(MULTIPART_LIMITS.maxPartSize * MULTIPART_LIMITS.maxParts * 2)).toThrow(
      RangeError,
    );
  });
});

describe('S3 multipart XML', () => {
  it('reads the UploadId of CreateMultipartUpload', () => {
    const xml =
      '<?xml version="1.0"?><InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>abc.DEF_1-2~</UploadId></InitiateMultipartUploadResult>';
    expect(uploadIdOf(xml)).toBe('abc.DEF_1-2~');
  });

  it('reads ListParts with checksums, quoted ETags and pagination', () => {
    const xml = `<ListPartsResult><IsTruncated>true</IsTruncated><NextPartNumberMarker>2</NextPartNumberMarker>
      <Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag><Size>5242880</Size><ChecksumSHA256>c1=</ChecksumSHA256></Part>
      <Part><PartNumber>2</PartNumber><ETag>"e2"</ETag><Size>10</Size></Part></ListPartsResult>`;
    expect(listPartsOf(xml)).toEqual({
      parts: [
        { partNumber: 1, etag: '"e1"', size: 5242880, checksumSha256: 'c1=' },
        { partNumber: 2, etag: '"e2"', size: 10, checksumSha256: undefined },
      ],
      nextMarker: 2,
    });
    expect(
      listPartsOf('<ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>').nextMarker,
    ).toBeUndefined();
  });

  it('finds an error inside a 200 answer (CompleteMultipartUpload can fail that way)', () => {
    expect(
      s3ErrorIn(
        '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>',
      ),
    ).toEqual({
      code: 'InternalError',
      message: 'We encountered an internal error.',
    });
    expect(
      s3ErrorIn('<CompleteMultipartUploadResult><Key>k</Key></CompleteMultipartUploadResult>'),
    ).toBeUndefined();
  });

  it('writes the part list in order with escaped ETags', () => {
    const body = completeBody([
      { partNumber: 2, etag: '"b"', checksumSha256: 'B=' },
      { partNumber: 1, etag: '"a&"', checksumSha256: 'A=' },
    ]);
    expect(body).toContain(
      '<Part><ChecksumSHA256>A=</ChecksumSHA256><ETag>&quot;a&amp;&quot;</ETag><PartNumber>1</PartNumber></Part><Part><ChecksumSHA256>B=</ChecksumSHA256>',
    );
  });
});
