import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChatLogUploader, type UploadSource } from '../../src/index.js';

const MiB = 2 ** 20;
const endpoint = 'https://presign.example/';

/** The presign endpoint and S3's multipart API, in memory: enough for create, sign parts, part PUTs and complete. */
function fakeMultipart() {
  const parts = new Map<number, Uint8Array>();
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const stamp = {
      timestamp: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    };
    if (url.host === 'presign.example') {
      const body = JSON.parse(String(init?.body));
      const s3Key = body.s3Key ?? `chat-logs/alice/k_${body.fileName}`;
      const at = (query: string, method: string) => ({
        presignedUrl: `https://bucket.s3.example/${s3Key}?${query}`,
        s3Key,
        method,
        headers: {},
        ...stamp,
      });
      if (body.action === 'multipart-create') return Response.json(at('uploads', 'POST'));
      if (body.action === 'multipart-complete') return Response.json(at('uploadId=u1', 'POST'));
      return Response.json({
        s3Key,
        uploadId: 'u1',
        ...stamp,
        parts: body.parts.map((p: { partNumber: number }) => ({
          partNumber: p.partNumber,
          method: 'PUT',
          headers: {},
          presignedUrl: `https://bucket.s3.example/${s3Key}?partNumber=${p.partNumber}&uploadId=u1`,
        })),
      });
    }
    if (url.searchParams.has('uploads')) {
      return new Response(
        '<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>',
      );
    }
    const partNumber = Number(url.searchParams.get('partNumber'));
    if (partNumber > 0) {
      parts.set(partNumber, new Uint8Array(await new Response(init?.body as BodyInit).arrayBuffer()));
      return new Response(null, { headers: { etag: `"e${partNumber}"` } });
    }
    return new Response('<CompleteMultipartUploadResult></CompleteMultipartUploadResult>');
  };
  return { fetch: fetchImpl, parts };
}

describe('multipart uploads report the object SHA-256', () => {
  it('hashes the parts in order even when reads finish out of order, and keeps the composite apart', async () => {
    // Prepare: 4 parts of 5 MiB (+1 byte), all read at once; the reads finish last part first.
    const content = new Uint8Array(15 * MiB + 1).map((_, i) => i % 251); // no two parts alike
    const reads: (() => void)[] = [];
    const source: UploadSource = {
      size: content.length,
      read: (start, end) =>
        new Promise((resolve) => {
          reads.push(() => resolve(content.slice(start, end)));
          if (reads.length === 4) for (const finish of reads.reverse()) finish();
        }),
    };
    const backend = fakeMultipart();
    const uploader = new ChatLogUploader({ endpoint, fetch: backend.fetch, multipartThreshold: MiB });

    // Act
    const result = await uploader.uploadSource(source, {
      fileName: 'big.txt',
      contentType: 'text/plain',
      concurrency: 4,
    });

    // Assess
    expect(result.parts).toBe(4);
    expect(result.objectSha256).toBe(createHash('sha256').update(content).digest('base64'));
    expect(result.sha256).toMatch(/-4$/);
    expect(result.sha256).not.toContain(result.objectSha256);
    expect(Buffer.concat([1, 2, 3, 4].map((n) => backend.parts.get(n)!)).equals(content)).toBe(true);
  });
});
