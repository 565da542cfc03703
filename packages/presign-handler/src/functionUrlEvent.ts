import type { IamCaller } from './auth/types.js';
import type { PresignHttpRequest, PresignHttpResponse } from './handleRequest.js';

/**
 * The parts of a Lambda Function URL / API Gateway HTTP API (payload 2.0) event the handler reads. Structurally
 * compatible with `APIGatewayProxyEventV2` and `LambdaFunctionURLEvent` from `@types/aws-lambda`.
 */
export interface FunctionUrlEvent {
  version?: string;
  rawPath?: string;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: {
    requestId?: string;
    http?: { method?: string; sourceIp?: string };
    authorizer?: { iam?: IamCaller | null } | null;
  };
}

/** The result shape Function URLs and HTTP APIs expect. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** The parts of the Lambda context object the handler reads. */
export interface LambdaContextLike {
  awsRequestId?: string;
}

/**
 * Turns a Function URL / HTTP API v2 event into the transport-neutral request (header names lower-cased, base64
 * bodies decoded).
 * @internal
 */
export function fromFunctionUrlEvent(
  event: FunctionUrlEvent,
  context?: LambdaContextLike,
): PresignHttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const raw = event.body ?? undefined;
  const body = raw !== undefined && event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    headers,
    body,
    requestId: context?.awsRequestId ?? event.requestContext?.requestId ?? 'local',
    iam: event.requestContext?.authorizer?.iam ?? undefined,
  };
}

/** @internal */
export function toFunctionUrlResult(response: PresignHttpResponse): FunctionUrlResult {
  return { ...response, isBase64Encoded: false };
}
