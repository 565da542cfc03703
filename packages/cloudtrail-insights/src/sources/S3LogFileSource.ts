import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { InvalidQueryError } from '../errors.js';
import { labelIdentities } from '../labelIdentities.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { LogFileTooLargeError, WindowTooLongError } from './errors.js';
import { mapConcurrently } from './mapConcurrently.js';
import { parseCloudTrailFile } from './parseCloudTrailFile.js';
import { resolveTimeRange } from './timeRange.js';

const DAY_MS = 86_400_000;
/** Default of {@link S3LogFileSourceOptions.maxWindowDays}. */
export const DEFAULT_MAX_WINDOW_DAYS = 366;
/** Default of {@link S3LogFileSourceOptions.maxFileBytes}: 64 MiB decompressed. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Default of {@link S3ReadQuery.maxEvents}. */
export const DEFAULT_MAX_EVENTS = 100_000;

/** Options of {@link S3LogFileSource}. */
export interface S3LogFileSourceOptions {
  /** The trail's bucket. */
  bucket: string;
  /** The trail's S3 key prefix, if it has one (without `AWSLogs/`). */
  prefix?: string;
  /** Accounts to read; default: every account found under `AWSLogs/` (organisation trails included). */
  accountIds?: string[];
  /** Regions to read; default: every Region found for each account. */
  regions?: string[];
  /** Files read at once (default 8). */
  concurrency?: number;
  /** A client of your own; by default one from the standard AWS configuration. */
  client?: S3Client;
  /**
   * A custom S3 endpoint (moto, MinIO, s3rver), addressed path-style. Pass `s3Endpoint(process.env)` from the
   * caller that reads the environment; the source itself never reads `process.env`. Used only when no client is given.
   */
  endpoint?: string;
  /** Used only when no client is given. */
  clientConfig?: S3ClientConfig;
  /** Longest window one {@link S3LogFileSource.read} accepts, in days (default 366). */
  maxWindowDays?: number;
  /** Most bytes one log file may decompress to (default 64 MiB); beyond it the read fails with {@link LogFileTooLargeError}. */
  maxFileBytes?: number;
}

/** A time window for {@link S3LogFileSource.read}. */
export interface S3ReadQuery {
  startTime?: string | Date;
  endTime?: string | Date;
  /** Bound on the events read and returned (default 100,000); reading stops once it is passed. */
  maxEvents?: number;
}

/** Result of {@link S3LogFileSource.read}. */
export interface S3ReadResult {
  /** Events of the window, oldest first. */
  events: ParsedEvent[];
  /** Whether events of the window were left out (more than `maxEvents`; files left unread). */
  truncated: boolean;
  /** Log files read. */
  files: number;
}

function joinPrefix(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/')
    .concat('/');
}

/** `YYYY/MM/DD` of a time (UTC), the date part of a trail key. */
function dayPath(time: number): string {
  const date = new Date(time);
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}/${m}/${d}`;
}

// `<account>_CloudTrail_<region>_20240730T0000Z_<id>.json.gz`: the delivery time orders files across Regions.
const FILE_TIME = /_(\d{8}T\d{4}Z)_[^/]*$/;
function byDeliveryTime(a: string, b: string): number {
  const ta = FILE_TIME.exec(a)?.[1] ?? '';
  const tb = FILE_TIME.exec(b)?.[1] ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidQueryError(`${name} must be a positive whole number`);
  return n;
}

/**
 * Reads a trail's log files from S3: `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/` (and organisation
 * trails, `AWSLogs/<o-id>/<account>/...`). Each Region is listed once from the window's first day (`StartAfter`) to
 * the day after its end, so LIST calls grow with the files in the window, not with its days; the window itself is
 * bounded (`maxWindowDays`). Files are streamed and gunzipped with a cap on their decompressed size, read oldest
 * first with bounded concurrency, and reading stops once `maxEvents` is passed (`truncated: true`). The way to
 * look further back than LookupEvents' 90 days.
 *
 * @example
 * import { s3Endpoint } from '@mv/http-edge';
 * import { S3LogFileSource } from '@mv/cloudtrail-insights';
 * const source = new S3LogFileSource({ bucket: 'my-trail-bucket', regions: ['eu-west-1'], endpoint: s3Endpoint(process.env) });
 * const { events, truncated } = await source.read({ startTime: '2025-01-01T00:00:00Z', endTime: '2025-01-07T00:00:00Z' });
 */
export class S3LogFileSource {
  readonly client: S3Client;
  private readonly maxWindowDays: number;
  private readonly maxFileBytes: number;
  private readonly concurrency: number;

  constructor(private readonly options: S3LogFileSourceOptions) {
    if (!options.bucket) throw new InvalidQueryError('bucket is required');
    this.maxWindowDays = positiveInteger(options.maxWindowDays, DEFAULT_MAX_WINDOW_DAYS, 'maxWindowDays');
    this.maxFileBytes = positiveInteger(options.maxFileBytes, DEFAULT_MAX_FILE_BYTES, 'maxFileBytes');
    this.concurrency = positiveInteger(options.concurrency, 8, 'concurrency');
    // A custom endpoint (moto, MinIO, a VPC endpoint URL) rarely resolves bucket subdomains: use path style there.
    const endpoint = options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {};
    this.client = options.client ?? new S3Client({ ...endpoint, ...options.clientConfig });
  }

  /** The query's window, refused before any S3 call when it is longer than `maxWindowDays`. */
  private window(query: S3ReadQuery): { start: Date; end: Date } {
    const range = resolveTimeRange(query.startTime, query.endTime);
    const days = Math.ceil((range.end.getTime() - range.start.getTime()) / DAY_MS);
    if (days > this.maxWindowDays) throw new WindowTooLongError(days, this.maxWindowDays);
    return range;
  }

  private async childPrefixes(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: prefix,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** `.../CloudTrail/<region>/` prefixes to read, discovering accounts, organisations and Regions as needed. */
  async regionPrefixes(): Promise<string[]> {
    const root = joinPrefix(this.options.prefix ?? '', 'AWSLogs');
    let accountPrefixes: string[];
    if (this.options.accountIds) {
      accountPrefixes = this.options.accountIds.map((id) => joinPrefix(root, id));
    } else {
      accountPrefixes = [];
      for (const child of await this.childPrefixes(root)) {
        const name = child.slice(root.length, -1);
        if (name.startsWith('o-')) accountPrefixes.push(...(await this.childPrefixes(child)));
        else accountPrefixes.push(child);
      }
    }
    const out: string[] = [];
    for (const account of accountPrefixes) {
      const trail = joinPrefix(account, 'CloudTrail');
      if (this.options.regions)
        for (const region of this.options.regions) out.push(joinPrefix(trail, region));
      else out.push(...(await this.childPrefixes(trail)));
    }
    return out;
  }

  /** Log files of one Region whose date falls from `first` to `last` (`YYYY/MM/DD`), in key order. */
  private async regionFiles(region: string, first: string, last: string): Promise<string[]> {
    const found: string[] = [];
    // Keys sort by date: start before the window's first day, stop at the first key past its last day.
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: region,
          StartAfter: token ? undefined : `${region}${first}`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key;
        if (key === undefined) continue;
        if (key.slice(region.length, region.length + 10) > last) return found;
        if (key.endsWith('.json.gz') || key.endsWith('.json')) found.push(key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  /**
   * Keys of the log files whose date falls in the window (and the day after its end: files arrive up to about 15
   * minutes after their events), oldest delivery first.
   */
  async listFiles(query: S3ReadQuery = {}): Promise<string[]> {
    const { start, end } = this.window(query);
    const first = dayPath(start.getTime());
    const last = dayPath(end.getTime() + DAY_MS);
    const perRegion = await mapConcurrently(await this.regionPrefixes(), this.concurrency, (region) =>
      this.regionFiles(region, first, last),
    );
    return perRegion.flat().sort(byDeliveryTime);
  }

  /**
   * Reads one log file: streamed, gunzipped as the bytes arrive, and refused with {@link LogFileTooLargeError}
   * once it decompresses to more than `maxFileBytes`. A file that is not CloudTrail fails with a
   * `CloudTrailFileError` naming its key.
   */
  async readFile(key: string): Promise<ParsedEvent[]> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    const body = response.Body;
    if (!body) return [];
    const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>);
    let source: Readable = stream;
    if (key.endsWith('.gz')) {
      const gunzip = createGunzip();
      stream.on('error', (error) => gunzip.destroy(error));
      source = stream.pipe(gunzip);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of source) {
        size += (chunk as Buffer).length;
        if (size > this.maxFileBytes) throw new LogFileTooLargeError(key, this.maxFileBytes);
        chunks.push(chunk as Buffer);
      }
    } finally {
      stream.destroy();
      source.destroy();
    }
    return parseCloudTrailFile(key, Buffer.concat(chunks, size).toString('utf8'));
  }

  /**
   * Reads the window's log files, oldest delivery first, and returns the events inside it, oldest first. Stops
   * reading once more than `maxEvents` events are in hand and reports `truncated`.
   *
   * @example
   * const { events, files, truncated } = await source.read({ startTime: new Date('2025-01-01'), maxEvents: 10_000 });
   */
  async read(query: S3ReadQuery = {}): Promise<S3ReadResult> {
    const { start, end } = this.window(query);
    const maxEvents = positiveInteger(query.maxEvents, DEFAULT_MAX_EVENTS, 'maxEvents');
    const keys = await this.listFiles({ startTime: start, endTime: end });
    const from = start.getTime();
    const to = end.getTime();
    const events: ParsedEvent[] = [];
    let files = 0;
    while (files < keys.length && events.length <= maxEvents) {
      const batch = keys.slice(files, files + this.concurrency);
      const perFile = await mapConcurrently(batch, this.concurrency, (key) => this.readFile(key));
      files += batch.length;
      for (const list of perFile)
        for (const event of list) if (event.timestamp >= from && event.timestamp <= to) events.push(event);
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    const truncated = events.length > maxEvents || files < keys.length;
    if (events.length > maxEvents) events.length = maxEvents;
    return { events: labelIdentities(events), truncated, files };
  }
}
