import {
  ErrorResponse,
  type MultipartSignPartsRequest,
  PresignPartsResponse,
  type PresignRequest,
  PresignResponse,
} from './contract.js';
import { parseEndpoint } from './endpointUrl.js';
import { ChatLogError, ChatLogNetworkError, PresignRequestError, S3TransferError } from './errors.js';
import { type ResolvedRetry, type RetryOptions, resolveRetry, retryAfterMs, withRetries } from './retry.js';

/** A bearer token, or a function that returns a fresh one for each request (e.g. a Cognito session refresh). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/** Options shared by {@link ChatLogUploader} and {@link ChatLogDownloader}. */
export interface ChatLogClientOptions {
  /**
   * The presign function's URL (its Lambda Function URL). Default: `LAMBDA_FUNCTION_URL` from the environment.
   * Must be `https:`; plain `http:` only to loopback addresses (the bearer token must not travel in clear).
   */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <token>` to the presign endpoint, never to S3. */
  token?: TokenSource;
  /** Injectable fetch (tests, proxies, instrumentation). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number;
  retry?: RetryOptions;
}

function defaultEndpoint(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.LAMBDA_FUNCTION_URL;
}

/** Reads S3's XML error (`<Code>`, `<Message>`) without keeping anything else it says. @internal */
export async function readS3Error(response: Response): Promise<S3TransferError> {
  let text = '';
  try {
    text = (await response.text()).slice(0, 8192);
  } catch {
    // The body is only a hint; the status is what matters.
  }
  const code = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1] ?? `Http${response.status}`;
  const message = /<Message>([^<]{0,300})<\/Message>/.exec(text)?.[1] ?? '';
  return new S3TransferError(
    response.status,
    code,
    message,
    retryAfterMs(response.headers.get('retry-after')),
  );
}

/**
 * The transport both the uploader and the downloader use: the presign call (with auth, timeout and retries) and
 * single requests to S3. Errors are typed; none carries a URL or token.
 * @internal
 */
export class PresignClient {
  readonly endpoint: string;
  readonly retry: ResolvedRetry;
  private readonly token: TokenSource | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: ChatLogClientOptions) {
    const endpoint = options.endpoint ?? defaultEndpoint();
    if (!endpoint)
      throw new ChatLogError('endpoint is required: pass { endpoint } or set LAMBDA_FUNCTION_URL');
    this.endpoint = parseEndpoint(endpoint).href;
    this.token = options.token;
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
    this.retry = resolveRetry(options.retry);
  }

  /** One HTTP exchange with a timeout; failures without an answer become {@link ChatLogNetworkError}. */
  async send(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.fetchImpl(url, { ...init, signal: combined });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const what = timeout.aborted ? `no answer within ${this.timeoutMs} ms` : 'the connection failed';
      throw new ChatLogNetworkError(`${init.method ?? 'GET'} ${new URL(url).host}: ${what}`, {
        cause: error,
      });
    }
  }

  /** Asks the presign endpoint once; non-2xx answers become {@link PresignRequestError}. */
  async presignOnce(request: PresignRequest, signal?: AbortSignal): Promise<PresignResponse> {
    const parsed = PresignResponse.safeParse(await this.call(request, signal));
    if (!parsed.success) throw new ChatLogError('The presign endpoint answered 200 with an unexpected body');
    return parsed.data;
  }

  /** Signs parts of a multipart upload, with the same retries as {@link presign}. */
  async presignParts(
    request: MultipartSignPartsRequest,
    signal?: AbortSignal,
  ): Promise<PresignPartsResponse> {
    return withRetries(
      this.retry,
      async () => {
        const parsed = PresignPartsResponse.safeParse(await this.call(request, signal));
        if (!parsed.success)
          throw new ChatLogError('The presign endpoint answered 200 with an unexpected body');
        return parsed.data;
      },
      { signal },
    );
  }

  private async call(request: PresignRequest, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await this.send(
      this.endpoint,
      { method: 'POST', headers, body: JSON.stringify(request) },
      signal,
    );
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const parsed = ErrorResponse.safeParse(body);
      const error = parsed.success ? parsed.data.error : undefined;
      throw new PresignRequestError(
        response.status,
        error?.code ?? `Http${response.status}`,
        error?.message ?? 'no error details',
        { requestId: error?.requestId, field: error?.field },
      );
    }
    return body;
  }

  /** {@link presignOnce} with retries on no answer, 5xx and 429. */
  presign(request: PresignRequest, signal?: AbortSignal): Promise<PresignResponse> {
    return withRetries(this.retry, () => this.presignOnce(request, signal), { signal });
  }

  /** Sends one presigned request with exactly the signed headers; non-2xx answers become {@link S3TransferError}. */
  async s3(
    presigned: Pick<PresignResponse, 'presignedUrl' | 'method' | 'headers'>,
    init: { body?: Uint8Array | string; extraHeaders?: Record<string, string> },
    signal?: AbortSignal,
  ): Promise<Response> {
    const response = await this.send(
      presigned.presignedUrl,
      {
        method: presigned.method,
        headers: { ...presigned.headers, ...init.extraHeaders },
        body: init.body as BodyInit | undefined,
      },
      signal,
    );
    if (response.ok) return response;
    throw await readS3Error(response);
  }
}
