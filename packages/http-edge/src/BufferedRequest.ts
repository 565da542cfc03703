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
