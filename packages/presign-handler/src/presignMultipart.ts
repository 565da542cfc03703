import {
  MULTIPART_LIMITS,
  type MultipartAbortRequest,
  type MultipartCompleteRequest,
  type MultipartCreateRequest,
  type MultipartListPartsRequest,
  type MultipartSignPartsRequest,
  PART_SIZE_METADATA_KEY,
  type PresignPartsResponse,
  type PresignResponse,
} from '@mv/chat-log-contract';
import type { PresignHandlerConfig } from './config.js';
import { BadRequestError, ForbiddenError, PayloadTooLargeError } from './errors.js';
import { buildObjectKey, isOwnKey } from './objectKey.js';
import { checkObjectRequest, expiresIn, type PresignDeps, toResponse } from './presign.js';
import { checkStoredParts } from './storedParts.js';
import { planParts, UploadPlanSigner } from './uploadPlan.js';

const plansByConfig = new WeakMap<PresignHandlerConfig, UploadPlanSigner>();

/** The plan signer for these settings: one per configuration, so a random fallback key stays the same. */
function plansOf(config: PresignHandlerConfig): UploadPlanSigner {
  let plans = plansByConfig.get(config);
  if (!plans) {
    plans = new UploadPlanSigner(config.multipartPlanSecret);
    plansByConfig.set(config, plans);
  }
  return plans;
}

function ownKey(deps: PresignDeps, principal: string, s3Key: string): void {
  if (!isOwnKey(deps.config.keyPrefix, principal, s3Key)) {
    throw new ForbiddenError('s3Key is not inside your own prefix');
  }
}

/**
 * Signs `POST ?uploads` for a new object under the caller's prefix: content type, SSE-KMS, content encoding,
 * metadata (including the part size, so a reader can recompute the composite SHA-256) and a SHA-256 per part.
 * The answer's `uploadPlan` binds the key to the announced length and part size: parts and completion are signed
 * only within it.
 *
 * @example
 * const answer = await presignMultipartCreate({ action: 'multipart-create', fileName: 'big.ndjson', contentType: 'application/x-ndjson', contentLength: 2 ** 30, partSize: 16 * 2 ** 20 }, 'alice', deps);
 */
export async function presignMultipartCreate(
  request: MultipartCreateRequest,
  principal: string,
  deps: PresignDeps,
): Promise<PresignResponse> {
  const { config, signer, now } = deps;
  const fileName = checkObjectRequest(request, config);
  if (request.contentLength > config.maxMultipartBytes)
    throw new PayloadTooLargeError(config.maxMultipartBytes);
  const { minPartSize, maxPartSize, maxParts } = MULTIPART_LIMITS;
  if (request.partSize < minPartSize || request.partSize > maxPartSize) {
    throw new BadRequestError('partSize', `partSize must be between ${minPartSize} and ${maxPartSize} bytes`);
  }
  if (Math.ceil(request.contentLength / request.partSize) > maxParts) {
    throw new BadRequestError('partSize', `partSize is too small: at most ${maxParts} parts are allowed`);
  }
  const seconds = expiresIn(request.expiresIn, config);
  const signingDate = now();
  const s3Key = buildObjectKey(config.keyPrefix, principal, fileName, signingDate);
  const signed = await signer.presignCreateMultipart({
    key: s3Key,
    contentType: request.contentType,
    checksumSha256: true,
    kmsKeyId: config.kmsKeyId,
    contentEncoding: request.contentEncoding,
    metadata: { ...request.metadata, [PART_SIZE_METADATA_KEY]: String(request.partSize) },
    expiresIn: seconds,
    signingDate,
  });
  const uploadPlan = plansOf(config).issue({
    s3Key,
    contentLength: request.contentLength,
    partSize: request.partSize,
  });
  return { ...toResponse(signed, s3Key, signingDate, seconds), uploadPlan };
}

/**
 * Signs one PUT per part of the caller's own multipart upload, each with its exact length and SHA-256. Only the
 * parts of the upload's plan are signed, each with the length the plan gives it: the signed `Content-Length` makes
 * S3 refuse any other length, so the parts can never add up to more than was announced.
 *
 * @example
 * const { parts } = await presignMultipartParts({ action: 'multipart-sign-parts', s3Key, uploadId, uploadPlan, parts: [{ partNumber: 1, contentLength, checksumSha256 }] }, 'alice', deps);
 */
export async function presignMultipartParts(
  request: MultipartSignPartsRequest,
  principal: string,
  deps: PresignDeps,
): Promise<PresignPartsResponse> {
  ownKey(deps, principal, request.s3Key);
  const plan = planParts(plansOf(deps.config).read(request.uploadPlan, request.s3Key));
  const seconds = expiresIn(request.expiresIn, deps.config);
  const signingDate = deps.now();
  const seen = new Set<number>();
  for (const part of request.parts) {
    if (seen.has(part.partNumber))
      throw new BadRequestError('parts', `part ${part.partNumber} is listed twice`);
    seen.add(part.partNumber);
    const planned = plan.partLength(part.partNumber);
    if (planned === undefined) {
      throw new BadRequestError(
        'parts',
        `part ${part.partNumber} is beyond the upload's plan of ${plan.partCount} part(s)`,
      );
    }
    if (part.contentLength !== planned) {
      throw new BadRequestError(
        'parts',
        `part ${part.partNumber} must be ${planned} bytes long, as the announced length and part size give`,
      );
    }
  }
  const parts = await Promise.all(
    request.parts.map(async (part) => {
      const signed = await deps.signer.presignUploadPart({
        key: request.s3Key,
        uploadId: request.uploadId,
        partNumber: part.partNumber,
        contentLength: part.contentLength,
        checksumSha256: part.checksumSha256,
        expiresIn: seconds,
        signingDate,
      });
      return {
        partNumber: part.partNumber,
        presignedUrl: signed.url,
        method: 'PUT' as const,
        headers: signed.headers,
      };
    }),
  );
  return {
    s3Key: request.s3Key,
    uploadId: request.uploadId,
    timestamp: signingDate.toISOString(),
    expiresAt: new Date(signingDate.getTime() + seconds * 1000).toISOString(),
    parts,
  };
}

/**
 * Signs ListParts, CompleteMultipartUpload or AbortMultipartUpload for the caller's own upload. Before signing a
 * completion it reads the stored parts (ListParts) and refuses (413) parts beyond the plan or longer than planned;
 * the completion is signed with `x-amz-mp-object-size`, so S3 also refuses any other total.
 *
 * @example
 * const answer = await presignMultipartStep({ action: 'multipart-abort', s3Key, uploadId }, 'alice', deps);
 */
export async function presignMultipartStep(
  request: MultipartListPartsRequest | MultipartCompleteRequest | MultipartAbortRequest,
  principal: string,
  deps: PresignDeps,
): Promise<PresignResponse> {
  ownKey(deps, principal, request.s3Key);
  const seconds = expiresIn(request.expiresIn, deps.config);
  const signingDate = deps.now();
  const params = { key: request.s3Key, uploadId: request.uploadId, expiresIn: seconds, signingDate };
  if (request.action === 'multipart-list-parts') {
    const signed = await deps.signer.presignListParts({
      ...params,
      partNumberMarker: request.partNumberMarker,
    });
    return toResponse(signed, request.s3Key, signingDate, seconds);
  }
  if (request.action === 'multipart-abort') {
    return toResponse(await deps.signer.presignAbortMultipart(params), request.s3Key, signingDate, seconds);
  }
  const plan = plansOf(deps.config).read(request.uploadPlan, request.s3Key);
  await checkStoredParts(plan, request, deps);
  const signed = await deps.signer.presignCompleteMultipart({ ...params, objectSize: plan.contentLength });
  return toResponse(signed, request.s3Key, signingDate, seconds);
}
