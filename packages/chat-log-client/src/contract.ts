/**
 * The wire contract between `@mv/chat-log-client` and `@mv/presign-handler`: the request and response schemas
 * (`zod/mini`), the signed S3 header names and the size limits. Defined once in the private `@mv/chat-log-contract`
 * package and bundled into both ends; this entry point is how users import it.
 *
 * @example
 * import { PresignResponse, UploadRequest } from '@mv/chat-log-client/contract';
 * const request = UploadRequest.parse({ action: 'upload', fileName: 'chat.json', contentType: 'application/json' });
 *
 * @module
 */
export * from '@mv/chat-log-contract';
