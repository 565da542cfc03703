import { BadRequestError } from './HttpError.ts';
import { delegateTo, real } from './webPrototype.ts';

const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What `Headers` refuses (a value that is no ByteString or splits a line) and what it trims first.
const REFUSED_VALUE = /[\r\n\0]|[^\x00-\xff]/;
const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * The `Headers` of a Lambda event's request: `get` and `has` read the event's single-value headers straight from a
 * record (a Function URL event carries a dozen, and building an undici `Headers` from them cost 2–4 µs per
 * invocation); anything else (iteration, `set`, `append`, ...) is answered by an undici `Headers` built from the
 * record on first use, and reads go there from then on. `instanceof Headers` holds. Names and values are checked
 * as `new Headers` checks them: a bad one is a 400.
 * @internal
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: a Headers by its prototype chain (delegateTo below).
export class RecordHeaders {
  private readonly record: Record<string, string>;
  private [real]?: Headers;

  constructor(pairs: Iterable<readonly [string, string]>) {
    const record: Record<string, string> = Object.create(null);
    for (const [name, raw] of pairs) {
      // As Headers does: trim HTTP whitespace, then refuse what a header value cannot hold.
      const value = raw.replace(EDGE_SPACE, '');
      if (!NAME.test(name) || REFUSED_VALUE.test(value))
        throw new BadRequestError('The request has a header that is not valid HTTP');
      const key = name.toLowerCase();
      const previous = record[key];
      record[key] = previous === undefined ? value : `${previous}, ${value}`;
    }
    this.record = record;
  }

  get(name: string): string | null {
    const built = this[real];
    return built ? built.get(name) : (this.record[name.toLowerCase()] ?? null);
  }

  has(name: string): boolean {
    const built = this[real];
    return built ? built.has(name) : this.record[name.toLowerCase()] !== undefined;
  }

  /** The undici `Headers` behind everything but `get` and `has`. */
  private materialise(): Headers {
    this[real] ??= new Headers(this.record);
    return this[real];
  }
}
export interface RecordHeaders extends Headers {}
delegateTo(RecordHeaders.prototype, Headers.prototype, [], (self: RecordHeaders) =>
  (self as unknown as { materialise(): Headers }).materialise(),
);
