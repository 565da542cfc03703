/**
 * A web-standard `Request` whose body the adapter already holds as text (a Lambda event's body, a Node request read
 * within its limit). Reading it costs nothing: building a `Request` with a body stream and reading the stream back
 * cost about 30 µs per invocation, more than the rest of a presign request's edge work together.
 * It is a real `Request` (`instanceof Request`); `body` still gives a stream for code that wants one.
 * @internal
 */
export class BufferedRequest extends Request {
  readonly #text: string;
  /** UTF-8 length of the body. */
  readonly byteLength: number;

  constructor(input: string | URL, init: Omit<RequestInit, 'body'>, text: string, byteLength?: number) {
    super(input, init);
    this.#text = text;
    this.byteLength = byteLength ?? Buffer.byteLength(text, 'utf8');
  }

  override async text(): Promise<string> {
    return this.#text;
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.#text);
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.#text).buffer as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new TextEncoder().encode(this.#text);
  }

  override clone(): BufferedRequest {
    return new BufferedRequest(this.url, this, this.#text, this.byteLength);
  }

  static {
    // `body` is an accessor of Request.prototype: give the held text as a stream on demand.
    Object.defineProperty(BufferedRequest.prototype, 'body', {
      get(this: BufferedRequest) {
        return new Blob([this.#text]).stream();
      },
    });
  }
}

/**
 * A web-standard `Response` whose body is text the edge already holds (every JSON answer): no body stream is built
 * unless someone asks for `body`, and the Lambda adapter reads the text directly. A real `Response`
 * (`instanceof Response`).
 * @internal
 */
export class BufferedResponse extends Response {
  readonly #text: string;

  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }

  /** The body text, without a stream. */
  get bodyText(): string {
    return this.#text;
  }

  override async text(): Promise<string> {
    return this.#text;
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.#text);
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.#text).buffer as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new TextEncoder().encode(this.#text);
  }

  override clone(): BufferedResponse {
    return new BufferedResponse(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }

  static {
    Object.defineProperty(BufferedResponse.prototype, 'body', {
      get(this: BufferedResponse) {
        return this.#text === '' ? null : new Blob([this.#text]).stream();
      },
    });
  }
}

/**
 * The same request at another path (a local server that mounts an API below `/api` hands it on as the API sees it
 * behind API Gateway). The body, if any, is carried over as text.
 *
 * @example
 * const inner = await withPath(request, new URL(request.url).pathname.slice('/api'.length) || '/');
 */
export async function withPath(request: Request, pathname: string): Promise<Request> {
  const url = new URL(request.url);
  url.pathname = pathname;
  const init = { method: request.method, headers: request.headers, signal: request.signal };
  if (request.method === 'GET' || request.method === 'HEAD') return new Request(url, init);
  return new BufferedRequest(url, init, await request.text());
}
