/**
 * What the presign handler answers: the 200 bodies, and the one error body with its codes.
 *
 * @module
 */
import * as z from 'zod/mini';

/**
 * The 200 answer. `headers` are exactly the headers the caller must send with `method` to `presignedUrl`: they are
 * signed, so leaving one out or changing it makes S3 answer 403 SignatureDoesNotMatch.
 */
export const PresignResponse = z.object({
  presignedUrl: z.string().check(z.minLength(1)),
  s3Key: z.string(),
  /** When the URL was signed (ISO 8601). */
  timestamp: z.string(),
  /** When the URL stops working (ISO 8601). */
  expiresAt: z.string(),
  method: z.enum(['PUT', 'GET', 'POST', 'DELETE']),
  headers: z.record(z.string(), z.string()),
  /** `multipart-create` only: send it back with every `multipart-sign-parts` and `multipart-complete`. */
  uploadPlan: z.optional(z.string()),
});
export type PresignResponse = z.infer<typeof PresignResponse>;

/** The 200 answer to `multipart-sign-parts`: one signed PUT per part. */
export const PresignPartsResponse = z.object({
  s3Key: z.string(),
  uploadId: z.string(),
  timestamp: z.string(),
  expiresAt: z.string(),
  parts: z.array(
    z.object({
      partNumber: z.int(),
      presignedUrl: z.string().check(z.minLength(1)),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()),
    }),
  ),
});
export type PresignPartsResponse = z.infer<typeof PresignPartsResponse>;

/** Every error code the handler answers with, and its HTTP status. */
export const ERROR_STATUS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  InternalError: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every non-200 answer (the edge's one error body). `details.field` names the request field a 400 is about. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.optional(z.unknown()),
    /** Same as `details.field`; kept for clients written against 0.1. */
    field: z.optional(z.string()),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
