import { BadRequestError } from './HttpError.ts';
import { delegateTo, real } from './webPrototype.ts';

// What `Headers` refuses (a value that is no ByteString or splits a line) and what it trims first.
const REFUSED_VALUE = /[\r\n\0]|[^\x00-\xff]/;
const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

const invalid = (cause?: unknown) =>
  new BadRequestError('The request has a header that is not valid HTTP', cause ? { cause } : undefined);

/** A header value as `Headers` keeps it (HTTP whitespace trimmed), or a 400 for one it would refuse. */
function checked(raw: string): string {
  const value = raw.replace(EDGE_SPACE, '');
  if (REFUSED_VALUE.test(value)) throw invalid();
  return value;
}

/**
 * The `Headers` of a Lambda event's request: `get` and `has` read the event's headers straight from a record of
 * them by lower-case name (a Function URL event carries a dozen, and building an undici `Headers` from them cost
 * 2–4 µs per invocation); anything else (iteration, `set`, `append`, ...) is answered by an undici `Headers` built
 * from the record on first use, and reads go there from then on. `instanceof Headers` holds. A value is checked
 * and trimmed as `Headers` does when it is read: one `Headers` would refuse is a 400 (`BadRequestError`), for
 * `get` and for the undici `Headers` alike.
 * @internal
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: a Headers by its prototype chain (delegateTo below).
export class RecordHeaders {
  private readonly record: Record<string, string>;
  private [real]?: Headers;

  /** Headers from `[name, value]` pairs (none: add them with {@link RecordHeaders.add}). */
  constructor(pairs: Iterable<readonly [string, string]> = []) {
    this.record = Object.create(null);
    for (const [name, value] of pairs) this.add(name, value);
  }

  /** Adds a header of the event, before anyone reads the headers. */
  add(name: string, value: string): void {
    const key = name.toLowerCase();
    const previous = this.record[key];
    // Repeated names combine as Headers combines them: trimmed values joined by ", ".
    this.record[key] = previous === undefined ? value : `${checked(previous)}, ${checked(value)}`;
  }

  get(name: string): string | null {
    const built = this[real];
    if (built) return built.get(name);
    const raw = this.record[name.toLowerCase()];
    return raw === undefined ? null : checked(raw);
  }

  has(name: string): boolean {
    const built = this[real];
    return built ? built.has(name) : this.record[name.toLowerCase()] !== undefined;
  }

  /** The undici `Headers` behind everything but `get` and `has`. */
  private materialise(): Headers {
    if (!this[real]) {
      try {
        this[real] = new Headers(this.record);
      } catch (error) {
        throw invalid(error);
      }
    }
    return this[real];
  }
}
export interface RecordHeaders extends Headers {}
delegateTo(RecordHeaders.prototype, Headers.prototype, [], (self: RecordHeaders) =>
  (self as unknown as { materialise(): Headers }).materialise(),
);
