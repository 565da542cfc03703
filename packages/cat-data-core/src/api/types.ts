/**
 * An HTTP request as the API core sees it, whatever carried it (API Gateway v1 or v2, Node HTTP).
 *
 * @example
 * const request: ApiRequest = { method: 'GET', path: '/cats', query: { limit: '10' }, headers: {}, body: null };
 */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: string | null;
}

/** The response the API core returns; adapters translate it for their transport. */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Who is calling: a signed-in Cognito user with groups, or the public (`null`). */
export type Principal = { username: string; groups: readonly string[] } | null;
