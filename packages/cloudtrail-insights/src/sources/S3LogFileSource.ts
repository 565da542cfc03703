import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { InvalidQueryError } from '../errors.js';
import { parseCloudTrail } from '../parseCloudTrail.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { mapConcurrently } from './mapConcurrently.js';
import { resolveTimeRange } from './timeRange.js';

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
  /** A client of your own; by default one from the standard AWS configuration (`AWS_ENDPOINT_URL_S3` honoured, path style). */
  client?: S3Client;
  /** Used only when no client is given. */
  clientConfig?: S3ClientConfig;
}

/** A time window for {@link S3LogFileSource.read}. */
export interface S3ReadQuery {
  startTime?: string | Date;
  endTime?: string | Date;
  /** Bound on the events returned (default 100,000). */
  maxEvents?: number;
}

/** Result of {@link S3LogFileSource.read}. */
export interface S3ReadResult {
  events: ParsedEvent[];
  truncated: boolean;
  files: number;
}

function joinPrefix(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/')
    .concat('/');
}

function days(start: Date, end: Date): string[] {
  const out: string[] = [];
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  // Files are delivered up to ~15 minutes after the events: read the day after the end too.
  const last = new Date(end.getTime() + 86_400_000);
  while (cursor.getTime() <= last.getTime()) {
    const y = cursor.getUTCFullYear();
    const m = String(cursor.getUTCMonth() + 1).padStart(2, '0');
    const d = String(cursor.getUTCDate()).padStart(2, '0');
    out.push(`${y}/${m}/${d}`);
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}

/**
 * Reads a trail's log files from S3: `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/` (and organisation
 * trails, `AWSLogs/<o-id>/<account>/...`), selected by date prefix, streamed and gunzipped, with bounded
 * concurrency. The way to look further back than LookupEvents' 90 days.
 *
 * @example
 * import { S3LogFileSource } from '@mv/cloudtrail-insights';
 * const source = new S3LogFileSource({ bucket: 'my-trail-bucket', regions: ['eu-west-1'] });
 * const { events } = await source.read({ startTime: '2025-01-01T00:00:00Z', endTime: '2025-01-07T00:00:00Z' });
 */
export class S3LogFileSource {
  readonly client: S3Client;

  constructor(private readonly options: S3LogFileSourceOptions) {
    if (!options.bucket) throw new InvalidQueryError('bucket is required');
    // A custom endpoint (moto, MinIO, a VPC endpoint URL) rarely resolves bucket subdomains: use path style there.
    const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
    this.client = options.client ?? new S3Client({ forcePathStyle: customEndpoint, ...options.clientConfig });
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

  /** Keys of the log files whose date prefix falls in the window. */
  async listFiles(query: S3ReadQuery = {}): Promise<string[]> {
    const { start, end } = resolveTimeRange(query.startTime, query.endTime);
    const prefixes = (await this.regionPrefixes()).flatMap((region) =>
      days(start, end).map((d) => `${region}${d}/`),
    );
    const keys = await mapConcurrently(prefixes, this.options.concurrency ?? 8, async (prefix) => {
      const found: string[] = [];
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? [])
          if (object.Key?.endsWith('.json.gz') || object.Key?.endsWith('.json')) found.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found;
    });
    return keys.flat();
  }

  /** Reads one log file, gunzipping it as it streams in. */
  async readFile(key: string): Promise<ParsedEvent[]> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    const body = response.Body;
    if (!body) return [];
    const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>);
    // Trail files are `.json.gz`; gunzip while the bytes arrive instead of buffering the compressed file.
    let source: AsyncIterable<Buffer> = stream;
    if (key.endsWith('.gz')) {
      const gunzip = createGunzip();
      stream.on('error', (error) => gunzip.destroy(error));
      source = stream.pipe(gunzip);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.from(chunk));
    return parseCloudTrail(Buffer.concat(chunks));
  }

  /**
   * Reads every log file of the window and returns the events inside it, oldest first, up to `maxEvents`.
   *
   * @example
   * const { events, files, truncated } = await source.read({ startTime: new Date('2025-01-01') });
   */
  async read(query: S3ReadQuery = {}): Promise<S3ReadResult> {
    const { start, end } = resolveTimeRange(query.startTime, query.endTime);
    const keys = await this.listFiles({ startTime: start, endTime: end });
    const perFile = await mapConcurrently(keys, this.options.concurrency ?? 8, (key) => this.readFile(key));
    const from = start.getTime();
    const to = end.getTime();
    const events = perFile.flat().filter((e) => e.timestamp >= from && e.timestamp <= to);
    events.sort((a, b) => a.timestamp - b.timestamp);
    const maxEvents = query.maxEvents ?? 100_000;
    return { events: events.slice(0, maxEvents), truncated: events.length > maxEvents, files: keys.length };
  }
}
