/** The little S3 XML the multipart flow reads and writes, without an XML library. @internal */

function unescapeXml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

/** An error document, even inside a 200 (CompleteMultipartUpload can answer 200 and fail). */
export function s3ErrorIn(xml: string): { code: string; message: string } | undefined {
  if (!/<Error>/.test(xml)) return undefined;
  return { code: tag(xml, 'Code') ?? 'InternalError', message: tag(xml, 'Message') ?? '' };
}

export function uploadIdOf(xml: string): string | undefined {
  return tag(xml, 'UploadId');
}

/** One part S3 already has. */
export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
  checksumSha256: string | undefined;
}

export function listPartsOf(xml: string): { parts: StoredPart[]; nextMarker: number | undefined } {
  const parts: StoredPart[] = [];
  for (const [, body] of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const partNumber = Number(tag(body ?? '', 'PartNumber'));
    const etag = tag(body ?? '', 'ETag');
    if (!Number.isInteger(partNumber) || etag === undefined) continue;
    parts.push({
      partNumber,
      etag,
      size: Number(tag(body ?? '', 'Size') ?? 0),
      checksumSha256: tag(body ?? '', 'ChecksumSHA256'),
    });
  }
  const truncated = tag(xml, 'IsTruncated') === 'true';
  const next = Number(tag(xml, 'NextPartNumberMarker'));
  return { parts, nextMarker: truncated && Number.isInteger(next) ? next : undefined };
}

export function completeBody(
  parts: readonly { partNumber: number; etag: string; checksumSha256: string }[],
): string {
  const items = [...parts]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map(
      (p) =>
        `<Part><ChecksumSHA256>${escapeXml(p.checksumSha256)}</ChecksumSHA256><ETag>${escapeXml(p.etag)}</ETag><PartNumber>${p.partNumber}</PartNumber></Part>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${items}</CompleteMultipartUpload>`;
}
