// A Lambda invocation (and a Node request read within its limit) arrives with its whole body in hand. Building an
// undici `Request`/`Response` around it costs more than the rest of a presign request's edge work: URL and init
// conversion, a body stream, brand-checked getters. These two classes are real `Request`s and `Response`s to
// `instanceof` and to TypeScript, answer what a core reads (method, url, headers, status, the body methods) from
// what they hold, and build the undici object only when something else is asked of them (the pattern of Hono's
// Node adapter). Measured with bench/presign.mjs; see docs/architecture.md.

import { RecordHeaders } from './RecordHeaders.ts';
import { delegateTo, real } from './webPrototype.ts';

const held = Symbol('held text');

interface Holder {
  [held]: string;
}

const bodyOf = (of: Holder): string => of[held];

/** Body members shared by both classes: answered from the held text; `body` a stream made on demand. The other
 * body methods (`bytes()`, `blob()`, ...) and `clone()` go to the undici object. */
const heldBody: PropertyDescriptorMap = {
  text: {
    async value(this: Holder) {
      return bodyOf(this);
    },
  },
  json: {
    async value(this: Holder) {
      return JSON.parse(bodyOf(this));
    },
  },
  body: {
    get(this: Holder) {
      const text = bodyOf(this);
      return text === '' ? null : new Blob([text]).stream();
    },
  },
  bodyUsed: { value: false },
};

/** What {@link BufferedRequest} takes besides its body: what a Lambda event or a Node request gives. */
export interface BufferedRequestInit {
  method?: string;
  headers?: HeadersInit;
  signal?: AbortSignal | null;
}

const UNTOUCHED_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
// What `Headers` would trim, refuse or change: such values go through `Headers`.
const UNTOUCHED_VALUE = /^[ \t]|[ \t]$|[\r\n\0]|[^\x00-\xff]/;

/**
 * A copy of `record` when every key is a lower-case header name and every value a string `Headers` would keep as
 * it is (what `json()` passes), else `undefined`.
 */
function plainHeaders(record: object): Record<string, string> | undefined {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value !== 'string' || !UNTOUCHED_NAME.test(name) || UNTOUCHED_VALUE.test(value))
      return undefined;
    copy[name] = value;
  }
  return copy;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const NORMALISED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/**
 * A web-standard `Request` whose body the adapter already holds as text (a Lambda event's body, a Node request read
 * within its limit). Method, url, headers and the body methods are its own; anything else (`signal`, `cache`,
 * `formData()`, ...) is answered by an undici `Request` built on first use. It validates as `new Request` does: a
 * bad method, URL or header value throws a `TypeError` here.
 * @internal
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: a Request by its prototype chain (delegateTo below).
export class BufferedRequest implements Holder {
  [held]: string;
  readonly method: string;
  readonly headers: Headers;
  /** UTF-8 length of the body. */
  readonly byteLength: number;
  private readonly input: string | URL;
  private href: string | undefined;
  private readonly signalInit: AbortSignal | null | undefined;
  private [real]?: Request;

  /**
   * `input` is parsed when `url` is first read, unless `checkUrl` is false; callers that pass false (the Lambda
   * adapter, whose host comes from the event) guarantee it parses.
   */
  constructor(
    input: string | URL,
    init: BufferedRequestInit,
    body: string,
    byteLength?: number,
    checkUrl = true,
  ) {
    this[held] = body;
    const method = init.method ?? 'GET';
    if (!TOKEN.test(method)) throw new TypeError(`'${method.slice(0, 16)}' is not a valid HTTP method.`);
    this.method = NORMALISED.has(method.toUpperCase()) ? method.toUpperCase() : method;
    this.input = input;
    if (checkUrl) this.href = new URL(input).href;
    // The Lambda adapter's headers are built for this request alone: taken as they are.
    this.headers = init.headers instanceof RecordHeaders ? init.headers : new Headers(init.headers);
    this.signalInit = init.signal;
    this.byteLength = byteLength ?? Buffer.byteLength(body, 'utf8');
  }

  get url(): string {
    this.href ??= new URL(this.input).href;
    return this.href;
  }

  /** The undici `Request` behind the members this class does not answer itself. */
  private materialise(): Request {
    const hasBody = this.method !== 'GET' && this.method !== 'HEAD' && bodyOf(this) !== '';
    this[real] ??= new Request(this.url, {
      method: this.method,
      headers: this.headers,
      ...(this.signalInit ? { signal: this.signalInit } : {}),
      ...(hasBody ? { body: bodyOf(this) } : {}),
    });
    return this[real];
  }
}
export interface BufferedRequest extends Request {}
Object.defineProperties(BufferedRequest.prototype, heldBody);
delegateTo(BufferedRequest.prototype, Request.prototype, ['method', 'headers'], (self: BufferedRequest) =>
  (self as unknown as { materialise(): Request }).materialise(),
);

/**
 * A web-standard `Response` whose body is text the edge already holds (every JSON answer): status and headers are
 * its own and no body stream is built unless someone asks for `body`; the adapters read the text directly. Anything
 * else is answered by an undici `Response` built on first use. It validates as `new Response` does.
 * @internal
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: a Response by its prototype chain (delegateTo below).
export class BufferedResponse implements Holder {
  [held]: string;
  readonly status: number;
  readonly statusText: string;
  private headersInit: Record<string, string> | undefined;
  private headersObject: Headers | undefined;
  private [real]?: Response;

  /** `init.headers` as a record of lower-case names is kept as it is until someone reads `headers`. */
  constructor(body: string, init: Omit<ResponseInit, 'headers'> & { headers?: HeadersInit }) {
    this[held] = body;
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599)
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    this.status = status;
    this.statusText = init.statusText ?? '';
    const headers = init.headers;
    if (headers === undefined) this.headersInit = {};
    else if (headers.constructor === Object) this.headersInit = plainHeaders(headers);
    if (this.headersInit === undefined) this.headersObject = new Headers(headers);
  }

  get headers(): Headers {
    this.headersObject ??= new Headers(this.headersInit);
    this.headersInit = undefined;
    return this.headersObject;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  /** The body text, without a stream. */
  get bodyText(): string {
    return bodyOf(this);
  }

  /**
   * The headers as a record of lower-case names when nobody has read `headers` (so nobody changed them), else
   * `undefined`: the Lambda adapter's way around building a `Headers` for every JSON answer.
   */
  get untouchedHeaders(): Readonly<Record<string, string>> | undefined {
    return this.headersInit;
  }

  /** The undici `Response` behind the members this class does not answer itself. */
  private materialise(): Response {
    const text = bodyOf(this);
    this[real] ??= new Response(text === '' ? null : text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
    return this[real];
  }
}
export interface BufferedResponse extends Response {}
Object.defineProperties(BufferedResponse.prototype, heldBody);
delegateTo(
  BufferedResponse.prototype,
  Response.prototype,
  ['status', 'statusText'],
  (self: BufferedResponse) => (self as unknown as { materialise(): Response }).materialise(),
);

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
