/**
 * The wire contract between `@mv/chat-log-client` and `@mv/presign-handler`, defined once here and bundled into both
 * (users see it as `@mv/chat-log-client/contract`). Built on `zod/mini` so the Lambda bundle and the browser bundle
 * stay small.
 *
 * @example
 * import { PresignRequest, PresignResponse } from '@mv/chat-log-contract';
 * const request = PresignRequest.parse({ action: 'download', s3Key: 'chat-logs/alice/2026-01-01T00:00:00Z_a.json' });
 *
 * @module
 */
export * from './limits.ts';
export * from './requests.ts';
export * from './responses.ts';
export * from './s3Headers.ts';
export { listPartsOf, type StoredPart } from './s3Xml.ts';
export { firstIssue, type ValidationIssue } from './validationIssue.ts';
