/** The text of every buffered request and response: what their body methods answer. */
const heldText = new WeakMap<Request | Response, string>();

const text = (of: Request | Response): string => heldText.get(of) ?? '';

/**
 * Body methods shared by {@link BufferedRequest} and {@link BufferedResponse}: answered from the held text, and `body`
 * a stream made on demand.
 */
const bodyFromText: PropertyDescriptorMap = {
  text: {
    value: async function (this: Request | Response) {
      return text(this);
    },
  },
  json: {
    value: async function (this: Request | Response) {
      return JSON.parse(text(this));
    },
  },
  arrayBuffer: {
    value: async function (this: Request | Response) {
      return new TextEncoder().encode(text(this)).buffer;
    },
  },
  bytes: {
    value: async function (this: Request | Response) {
      return new TextEncoder().encode(text(this));
    },
  },
  body: {
    get(this: Request | Response) {
      const held = text(this);
      return held === '' ? null : new Blob([held]).stream();
    },
  },
};

/**
 * A web-standard `Request` whose body the adapter already holds as text (a Lambda event's body, a Node request read
 * within its limit). Reading it costs nothing: building a `Request` with a body stream and reading the stream back
 * cost about 30 µs per invocation, more than the rest of a presign request's edge work together.
 * It is a real `Request` (`instanceof Request`); `body` still gives a stream for code that wants one.
 * @internal
 */
export class BufferedRequest extends Request {
  /** UTF-8 length of the body. */
  readonly byteLength: number;

  constructor(input: string | URL, init: Omit<RequestInit, 'body'>, body: string, byteLength?: number) {
    super(input, init);
    heldText.set(this, body);
    this.byteLength = byteLength ?? Buffer.byteLength(body, 'utf8');
  }

  override clone(): BufferedRequest {
    return new BufferedRequest(this.url, this, text(this), this.byteLength);
  }
}

/**
 * A web-standard `Response` whose body is text the edge already holds (every JSON answer): no body stream is built
 * unless someone asks for `body`, and the adapters read the text directly. A real `Response` (`instanceof Response`).
 * @internal
 */
export class BufferedResponse extends Response {
  constructor(body: string, init: ResponseInit) {
    super(null, init);
    heldText.set(this, body);
  }

  /** The body text, without a stream. */
  get bodyText(): string {
    return text(this);
  }

  override clone(): BufferedResponse {
    return new BufferedResponse(text(this), {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

Object.defineProperties(BufferedRequest.prototype, bodyFromText);
Object.defineProperties(BufferedResponse.prototype, bodyFromText);

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
