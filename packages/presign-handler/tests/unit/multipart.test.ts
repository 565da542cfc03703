import { PresignPartsResponse, PresignResponse } from '@mv/chat-log-contract';
import { describe, expect, it } from 'vitest';
import { ALICE_KEY, functionUrlEvent } from '../support/events.js';
import { apiKeyHandler } from '../support/handlers.js';

const alice = { authorization: `Bearer ${ALICE_KEY}` };
const MiB = 1024 * 1024;
const create = {
  action: 'multipart-create',
  fileName: 'big log.ndjson',
  contentType: 'application/x-ndjson',
  contentLength: 1024 * MiB,
  partSize: 16 * MiB,
};
const checksum = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
const ownKey = 'chat-logs/alice/2026-11-23T16:20:00.123000001Z_big_log.ndjson';

/** One key for every handler built here, so a plan issued by one call is read by the next. */
const PLAN_SECRET = { MULTIPART_PLAN_SECRET: 'unit-test-plan-secret-0123456789abcdef' };

async function call(body: unknown, env: Record<string, string> = {}) {
  const { handler } = apiKeyHandler({ ...PLAN_SECRET, ...env });
  const result = await handler(functionUrlEvent(body, { headers: alice }));
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

/** Creates an upload and returns its key and plan. */
async function started(request: typeof create, env: Record<string, string> = {}) {
  const { status, body } = await call(request, env);
  expect(status).toBe(200);
  const { s3Key, uploadPlan } = PresignResponse.parse(body);
  return { s3Key, uploadPlan: uploadPlan! };
}

describe('multipart actions', () => {
  it('signs a create under the caller’s prefix with SHA-256 parts, SSE-KMS, metadata and the part size', async () => {
    const { status, body } = await call({
      ...create,
      contentEncoding: 'gzip',
      metadata: { 'mv-envelope': '1' },
    });
    expect(status).toBe(200);
    const answer = PresignResponse.parse(body);
    expect(answer.method).toBe('POST');
    expect(answer.s3Key).toMatch(/^chat-logs\/alice\/.*_big_log\.ndjson$/);
    expect(new URL(answer.presignedUrl).searchParams.has('uploads')).toBe(true);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
      'x-amz-checksum-algorithm': 'SHA256',
      'x-amz-meta-mv-envelope': '1',
      'x-amz-meta-mv-part-size': String(16 * MiB),
      'x-amz-server-side-encryption': 'aws:kms',
    });
  });

  it.each([
    [{ ...create, partSize: 4 * MiB }, 400, 'partSize'],
    [{ ...create, partSize: 6 * 1024 ** 3 }, 400, 'partSize'],
    [{ ...create, contentLength: 100 * 1024 ** 3, partSize: 5 * MiB }, 400, 'partSize'],
    [{ ...create, metadata: { sha256: 'x' } }, 400, 'metadata'],
    [{ ...create, metadata: { 'Bad Key': 'x' } }, 400, 'metadata.Bad Key'],
    [{ ...create, metadata: { a: 'x'.repeat(1000), b: 'y'.repeat(1000) } }, 400, 'metadata'],
    [{ ...create, contentType: 'image/png' }, 415, 'contentType'],
  ])('refuses %j with %i naming %s', async (request, status, field) => {
    const answer = await call(request);
    expect(answer.status).toBe(status);
    expect(answer.body.error.field).toBe(field);
  });

  it('refuses a create over MAX_MULTIPART_BYTES with 413', async () => {
    const answer = await call(create, { MAX_MULTIPART_BYTES: String(512 * MiB) });
    expect(answer.status).toBe(413);
  });

  it('signs up to 100 parts at once, each with its exact length and SHA-256', async () => {
    const { s3Key, uploadPlan } = await started({ ...create, contentLength: 100 * 16 * MiB });
    const parts = Array.from({ length: 100 }, (_, i) => ({
      partNumber: i + 1,
      contentLength: 16 * MiB,
      checksumSha256: checksum,
    }));
    const { status, body } = await call({
      action: 'multipart-sign-parts',
      s3Key,
      uploadId: 'abc.123',
      uploadPlan,
      parts,
    });
    expect(status).toBe(200);
    const answer = PresignPartsResponse.parse(body);
    expect(answer.parts).toHaveLength(100);
    const url = new URL(answer.parts[41]!.presignedUrl);
    expect(url.searchParams.get('partNumber')).toBe('42');
    expect(url.searchParams.get('uploadId')).toBe('abc.123');
    expect(answer.parts[41]!.headers).toEqual({
      'content-length': String(16 * MiB),
      'x-amz-sdk-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': checksum,
    });
  });

  it.each([
    ['multipart-sign-parts', { parts: [{ partNumber: 1, contentLength: 1, checksumSha256: checksum }] }],
    ['multipart-list-parts', {}],
    ['multipart-complete', {}],
    ['multipart-abort', {}],
  ])('refuses %s on another principal’s key with 403', async (action, extra) => {
    const answer = await call({ action, s3Key: 'chat-logs/bob/x.ndjson', uploadId: 'abc', ...extra });
    expect(answer.status).toBe(403);
  });

  it.each([
    ['multipart-list-parts', 'GET', 'ListParts'],
    ['multipart-abort', 'DELETE', 'AbortMultipartUpload'],
  ])('signs %s as %s', async (action, method, operation) => {
    const { status, body } = await call({ action, s3Key: ownKey, uploadId: 'abc' });
    expect(status).toBe(200);
    const answer = PresignResponse.parse(body);
    expect(answer.method).toBe(method);
    const url = new URL(answer.presignedUrl);
    expect(url.searchParams.get('uploadId')).toBe('abc');
    expect(url.searchParams.get('x-id')).toBe(operation);
  });

  it('refuses duplicate part numbers and malformed upload ids', async () => {
    const { s3Key, uploadPlan } = await started(create);
    const twice = await call({
      action: 'multipart-sign-parts',
      s3Key,
      uploadId: 'abc',
      uploadPlan,
      parts: [1, 1].map((partNumber) => ({ partNumber, contentLength: 16 * MiB, checksumSha256: checksum })),
    });
    expect(twice.body.error.field).toBe('parts');
    const badId = await call({ action: 'multipart-abort', s3Key: ownKey, uploadId: 'a b?c' });
    expect(badId.body.error.field).toBe('uploadId');
  });
});
