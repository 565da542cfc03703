import { gunzipSync } from 'node:zlib';
import { CloudTrailParseError } from './errors.js';
import { compileFastGuard } from './fastGuard.js';
import { labelIdentities } from './labelIdentities.js';
import { normaliseRecord } from './normaliseRecord.js';
import { CloudTrailRecord, type ParsedEvent } from './types/CloudTrailRecord.js';

// Most records are valid: accept them as they are and let zod handle (and explain) the rest.
const isPlainValidRecord = compileFastGuard(CloudTrailRecord);

/** Anything {@link parseCloudTrail} accepts. */
export type CloudTrailInput = string | Uint8Array | ArrayBuffer | unknown[] | Record<string, unknown>;

/** A record that could not be used (e.g. no `eventName`), with the reason; the rest of the input still parses. */
export interface RejectedRecord {
  index: number;
  reason: string;
}

/** Result of {@link parseCloudTrailDetailed}. */
export interface ParseResult {
  events: ParsedEvent[];
  rejected: RejectedRecord[];
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most a gzipped input may inflate to (256 MiB): CloudTrail log files are far smaller, and without a bound a
 * few hundred KiB of crafted gzip inflate to gigabytes.
 */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

/** Options of {@link parseCloudTrailDetailed}. */
export interface ParseOptions {
  /** Most bytes a gzipped input may inflate to (default {@link MAX_DECOMPRESSED_BYTES}). */
  maxDecompressedBytes?: number;
}

function gunzipBounded(bytes: Uint8Array, limit: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new CloudTrailParseError(
        `gzip input inflates to more than ${limit} bytes (the limit); not a CloudTrail log file`,
        { cause: error },
      );
    }
    throw new CloudTrailParseError('input starts like gzip but is not valid gzip', { cause: error });
  }
}

function toText(input: Uint8Array | ArrayBuffer, limit: number): string {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const plain = isGzip(bytes) ? gunzipBounded(bytes, limit) : bytes;
  return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength).toString('utf8');
}

function parseJsonText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    // JSON Lines: one JSON value (a record, a log file or a LookupEvents page) per line.
    if (!trimmed.includes('\n')) {
      throw new CloudTrailParseError('input is neither JSON nor JSON Lines', { cause: error });
    }
    const values: unknown[] = [];
    let lineNumber = 0;
    for (const line of trimmed.split('\n')) {
      lineNumber++;
      const content = line.trim();
      if (content === '') continue;
      try {
        values.push(JSON.parse(content));
      } catch (lineError) {
        throw new CloudTrailParseError(`line ${lineNumber} is not valid JSON (JSON Lines input)`, {
          cause: lineError,
        });
      }
    }
    return { __lines: values };
  }
}

/** Turns a LookupEvents `Events[]` entry into a raw record: its `CloudTrailEvent` string holds the full record. */
function fromLookupEvent(event: Record<string, unknown>): unknown {
  const embedded = event.CloudTrailEvent;
  if (typeof embedded === 'string') return JSON.parse(embedded);
  const time = event.EventTime;
  return {
    eventID: event.EventId,
    eventName: event.EventName,
    eventSource: event.EventSource,
    eventTime: time instanceof Date ? time.toISOString() : time,
    readOnly: event.ReadOnly,
    userIdentity: event.Username ? { userName: event.Username } : undefined,
  };
}

function collectRaw(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (
        item &&
        typeof item === 'object' &&
        !Array.isArray(item) &&
        ('Records' in item || 'Events' in item)
      ) {
        collectRaw(item, out);
      } else if (item && typeof item === 'object' && 'EventId' in item && !('eventTime' in item)) {
        out.push(fromLookupEvent(item as Record<string, unknown>));
      } else {
        out.push(item);
      }
    }
    return;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.__lines)) {
      collectRaw(object.__lines, out);
      return;
    }
    if (Array.isArray(object.Records)) {
      collectRaw(object.Records, out);
      return;
    }
    if (Array.isArray(object.Events)) {
      for (const event of object.Events) out.push(fromLookupEvent(event as Record<string, unknown>));
      return;
    }
    if ('EventId' in object && !('eventTime' in object)) {
      out.push(fromLookupEvent(object));
      return;
    }
    out.push(object);
    return;
  }
  throw new CloudTrailParseError('input holds no CloudTrail records (expected an object or an array)');
}

function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'record'}: ${issue.message}` : 'invalid record';
}

/**
 * Parses CloudTrail in any form and reports the records it could not use instead of throwing on them.
 * Throws {@link CloudTrailParseError} only when the input is not JSON at all, or gzip that inflates beyond
 * `maxDecompressedBytes`. Record by record: each event's `identity` is its short `displayName` (exactly what
 * {@link normaliseRecord} gives); {@link parseCloudTrail} and the sources then label the whole set, so principals
 * of different types that share a name do not merge.
 *
 * @example
 * const { events, rejected } = parseCloudTrailDetailed(readFileSync('trail.json.gz'));
 * if (rejected.length) console.warn(`${rejected.length} records skipped`);
 */
export function parseCloudTrailDetailed(input: CloudTrailInput, options: ParseOptions = {}): ParseResult {
  let value: unknown = input;
  if (typeof input === 'string') value = parseJsonText(input);
  else if (input instanceof Uint8Array || input instanceof ArrayBuffer)
    value = parseJsonText(toText(input, options.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES));
  const raw: unknown[] = [];
  collectRaw(value, raw);
  const events: ParsedEvent[] = [];
  const rejected: RejectedRecord[] = [];
  for (let index = 0; index < raw.length; index++) {
    const value = raw[index];
    if (isPlainValidRecord(value)) {
      events.push(normaliseRecord(value as CloudTrailRecord));
      continue;
    }
    const result = CloudTrailRecord.safeParse(value);
    if (result.success) events.push(normaliseRecord(result.data));
    else rejected.push({ index, reason: describeIssue(result.error) });
  }
  return { events, rejected };
}

/**
 * Parses CloudTrail records from every form they come in: log files `{"Records":[...]}` (plain or gzip),
 * bare JSON arrays, JSON Lines, LookupEvents responses (`{ Events: [...] }` with the `CloudTrailEvent` string),
 * or already-decoded objects. Each event carries `identityKey` (unique per principal), `displayName` and the
 * `identity` label (the short name unless principals of several types share it in the input, then
 * `<type>:<name>`); odd values are flagged, not rejected.
 * Records without the essential fields are skipped (use {@link parseCloudTrailDetailed} to see them).
 *
 * @example
 * import { parseCloudTrail } from '@mv/cloudtrail-insights';
 * const events = parseCloudTrail(readFileSync('detonation.json', 'utf8'));
 * console.log(events[0].identity, events[0].action);
 */
export function parseCloudTrail(input: CloudTrailInput): ParsedEvent[] {
  return labelIdentities(parseCloudTrailDetailed(input).events);
}
