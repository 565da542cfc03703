import { text } from './responses.ts';

/** Options of {@link withCors}. */
export interface CorsOptions {
  /** Origins allowed to call from a browser; `'*'` allows any. */
  allowedOrigins: readonly string[];
  allowMethods?: readonly string[];
  allowHeaders?: readonly string[];
  /** Response headers a browser script may read besides the simple ones (e.g. `link`, `x-next-cursor`). */
  exposeHeaders?: readonly string[];
  maxAgeSeconds?: number;
}

/**
 * CORS for a core, the way a Function URL's or HTTP API's own CORS settings answer: preflights from an allowed
 * Origin get 204 with the allowances, others 403; every answer to an allowed Origin carries
 * `access-control-allow-origin`. One implementation for the local servers and the Lambdas that do CORS themselves.
 *
 * @example
 * const core = withCors(apiCore, { allowedOrigins: ['https://dashboard.example.com'] });
 */
export function withCors<C>(
  core: (request: Request, context: C) => Promise<Response>,
  options: CorsOptions,
): (request: Request, context: C) => Promise<Response> {
  const any = options.allowedOrigins.includes('*');
  // One fixed origin (a dashboard's CloudFront domain): every answer carries it, whether or not the request named
  // an Origin, so a cache in front never hands a browser a copy without it.
  const fixed =
    !any && options.allowedOrigins.length === 1 ? (options.allowedOrigins[0] as string) : undefined;
  const expose: Record<string, string> = options.exposeHeaders?.length
    ? { 'access-control-expose-headers': options.exposeHeaders.join(', ') }
    : {};
  const allowance = (origin: string | null): Record<string, string> | undefined => {
    if (fixed) return { 'access-control-allow-origin': fixed, ...expose };
    if (origin === null || (!any && !options.allowedOrigins.includes(origin))) return undefined;
    return { 'access-control-allow-origin': any ? '*' : origin, vary: 'Origin', ...expose };
  };
  return async (request, context) => {
    const origin = request.headers.get('origin');
    const allowed = allowance(origin);
    if (request.method === 'OPTIONS' && (origin !== null || fixed)) {
      if (!allowed || (fixed && origin !== null && origin !== fixed)) return text(403, '');
      return text(204, '', {
        ...allowed,
        'access-control-allow-methods': (options.allowMethods ?? ['GET', 'POST']).join(', '),
        'access-control-allow-headers': (options.allowHeaders ?? ['authorization', 'content-type']).join(
          ', ',
        ),
        'access-control-max-age': String(options.maxAgeSeconds ?? 300),
      });
    }
    const response = await core(request, context);
    if (!allowed) return response;
    try {
      for (const [name, value] of Object.entries(allowed)) response.headers.set(name, value);
      return response;
    } catch {
      // Immutable headers (a fetched response passed through): answer with a copy.
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(allowed)) headers.set(name, value);
      return new Response(response.body, { status: response.status, headers });
    }
  };
}
