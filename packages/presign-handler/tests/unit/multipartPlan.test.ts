import { PresignPartsResponse, PresignResponse } from '@mv/chat-log-contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE_KEY, functionUrlEvent } from '../support/events.js';
import { apiKeyHandler } from '../support/handlers.js';

// Issue 11 item 4: with MAX_UPLOAD_BYTES 1 MiB and MAX_MULTIPART_BYTES 6 MiB, an upload announced as 1 byte
// got parts of 5 GiB signed and stored 18 MiB. Parts and completion are now bound to the announced size.
const alice = { authorization: `Bearer ${ALICE_KEY}` };
const MiB = 1024 * 1024;
const checksum = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
const limits = {
  MAX_UPLOAD_BYTES: String(MiB),
  MAX_MULTIPART_BYTES: String(6 * MiB),
  MULTIPART_PLAN_SECRET: 'unit-test-plan-secret-0123456789abcdef',
};
const oneByte = {
  action: 'multipart-create',
  fileName: 'tiny.ndjson',
  contentType: 'application/x-ndjson',
  contentLength: 1,
  partSize: 5 * MiB,
};

async function call(body: unknown, env: Record<string, string> = {}) {
  const { handler } = apiKeyHandler({ ...limits, ...env });
  const result = await handler(functionUrlEvent(body, { headers: alice }));
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

async function started(request: object = oneByte) {
  const { status, body } = await call(request);
  expect(status).toBe(200);
  const { s3Key, uploadPlan } = PresignResponse.parse(body);
  expect(uploadPlan).toBeDefined();
  return { s3Key, uploadPlan: uploadPlan! };
}

const signParts = (upload: { s3Key: string; uploadPlan?: string }, parts: [number, number][]) =>
  call({
    action: 'multipart-sign-parts',
    uploadId: 'abc',
    ...upload,
    parts: parts.map(([partNumber, contentLength]) => ({
      partNumber,
      contentLength,
      checksumSha256: checksum,
    })),
  });

/** A ListParts answer as S3 writes it, for the handler's own check before completion. */
function listPartsXml(sizes: number[]): string {
  const parts = sizes
    .map(
      (size, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>"e${i}"</ETag><Size>${size}</Size></Part>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><IsTruncated>false</IsTruncated>${parts}</ListPartsResult>`;
}

describe('multipart uploads are bound to the announced size', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('signs only the planned part, with the planned length signed as Content-Length', async () => {
    // Prepare
    const upload = await started();

    // Act
    const huge = await signParts(upload, [[1, 5 * 1024 ** 3]]);
    const second = await signParts(upload, [[2, 5 * MiB]]);
    const planned = await signParts(upload, [[1, 1]]);

    // Assess
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatchObject({ field: 'parts', message: expect.stringContaining('1 bytes') });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toMatch(/beyond the upload's plan of 1 part/);
    expect(planned.status).toBe(200);
    const part = PresignPartsResponse.parse(planned.body).parts[0]!;
    expect(part.headers['content-length']).toBe('1');
    expect(new URL(part.presignedUrl).searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
  });

  it('derives every part length from the announced total: full parts, then the rest', async () => {
    // Prepare: 6 MiB in 5 MiB parts is 5 + 1.
    const upload = await started({ ...oneByte, contentLength: 6 * MiB });

    // Act
    const exact = await signParts(upload, [
      [1, 5 * MiB],
      [2, MiB],
    ]);
    const longLast = await signParts(upload, [[2, 5 * MiB]]);
    const third = await signParts(upload, [[3, MiB]]);

    // Assess
    expect(exact.status).toBe(200);
    expect(longLast.status).toBe(400);
    expect(third.status).toBe(400);
  });

  it('refuses parts without a plan, with a forged plan, with another upload’s plan or another key’s', async () => {
    // Prepare
    const upload = await started();
    const other = await started({ ...oneByte, contentLength: 6 * MiB });
    const [version, payload, mac] = upload.uploadPlan.split('.');
    const [key] = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const inflated = Buffer.from(JSON.stringify([key, 6 * MiB, 5 * MiB])).toString('base64url');

    // Act
    const missing = await signParts({ s3Key: upload.s3Key }, [[1, 1]]);
    const forged = await signParts({ ...upload, uploadPlan: `${version}.${inflated}.${mac}` }, [
      [1, 5 * MiB],
    ]);
    const swapped = await signParts({ s3Key: upload.s3Key, uploadPlan: other.uploadPlan }, [[1, 5 * MiB]]);
    const { handler } = apiKeyHandler({
      ...limits,
      MULTIPART_PLAN_SECRET: 'another-deployment-secret-0123456789',
    });
    const foreign = await handler(
      functionUrlEvent(
        {
          action: 'multipart-sign-parts',
          uploadId: 'abc',
          ...upload,
          parts: [{ partNumber: 1, contentLength: 1, checksumSha256: checksum }],
        },
        { headers: alice },
      ),
    );

    // Assess
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('uploadPlan');
    expect(forged.status).toBe(403);
    expect(swapped.status).toBe(403);
    expect(foreign.statusCode).toBe(403);
  });

  it('refuses to sign the completion of an upload whose stored parts exceed the plan (ListParts first)', async () => {
    // Prepare: S3 holds an 18 MiB part 1 and a part 2 for an upload announced as 1 byte.
    const upload = await started();
    const fetchMock = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async () => new Response(listPartsXml([18 * MiB])));

    // Act
    const oversized = await call({ action: 'multipart-complete', uploadId: 'abc', ...upload });
    fetchMock.mockImplementation(async () => new Response(listPartsXml([1, 1])));
    const extraPart = await call({ action: 'multipart-complete', uploadId: 'abc', ...upload });

    // Assess
    expect(oversized.status).toBe(413);
    expect(oversized.body.error).toMatchObject({ code: 'PayloadTooLarge', field: 'uploadId' });
    expect(oversized.body.error.message).toMatch(/part 1 holds 18874368 bytes, more than the 1 planned/);
    expect(extraPart.status).toBe(413);
    expect(extraPart.body.error.message).toMatch(/part 2 is beyond the upload's plan/);
    const listed = new URL(String(fetchMock.mock.calls[0]![0]));
    expect(listed.searchParams.get('uploadId')).toBe('abc');
    expect(listed.searchParams.get('x-id')).toBe('ListParts');
  });

  it('signs the completion of a planned upload with its total as x-amz-mp-object-size', async () => {
    // Prepare
    const upload = await started({ ...oneByte, contentLength: 6 * MiB });
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(listPartsXml([5 * MiB, MiB])));

    // Act
    const { status, body } = await call({ action: 'multipart-complete', uploadId: 'abc', ...upload });

    // Assess
    expect(status).toBe(200);
    const answer = PresignResponse.parse(body);
    expect(answer.method).toBe('POST');
    expect(answer.headers).toEqual({
      'content-type': 'application/xml',
      'if-none-match': '*',
      'x-amz-mp-object-size': String(6 * MiB),
    });
  });

  it('leaves a completed or aborted upload (ListParts 404) to S3, and answers 500 without detail when S3 fails', async () => {
    // Prepare
    const upload = await started();
    const fetchMock = vi.spyOn(globalThis, 'fetch');

    // Act
    fetchMock.mockImplementation(
      async () => new Response('<Error><Code>NoSuchUpload</Code></Error>', { status: 404 }),
    );
    const gone = await call({ action: 'multipart-complete', uploadId: 'abc', ...upload });
    fetchMock.mockImplementation(
      async () => new Response('<Error><Code>InternalError</Code></Error>', { status: 503 }),
    );
    const failing = await call({ action: 'multipart-complete', uploadId: 'abc', ...upload });

    // Assess
    expect(gone.status).toBe(200);
    expect(failing.status).toBe(500);
    expect(JSON.stringify(failing.body)).not.toMatch(/ListParts|503|X-Amz/);
  });
});
