import { describe, expect, it } from 'vitest';
import { completeBody, listPartsOf, s3ErrorIn, uploadIdOf } from '../../src/s3Xml.ts';

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
