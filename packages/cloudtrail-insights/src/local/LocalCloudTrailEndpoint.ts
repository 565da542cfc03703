import { createServer, type IncomingMessage, type Server } from 'node:http';
import { matchesAttribute } from '../sources/matchesAttribute.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import type { LookupAttributeKey } from '../types/LookupQuery.js';

/** Options of {@link startLocalCloudTrail}. */
export interface LocalCloudTrailOptions {
  /** The events to serve (e.g. `readCloudTrailFiles(dir)`). */
  events: readonly ParsedEvent[];
  /** Throttle every n-th call with a ThrottlingException (2 = half the calls; 0 = never). Default 0. */
  throttleEvery?: number;
  /** Throttle calls that come faster than this many per second (what AWS does); default: never. */
  maxCallsPerSecond?: number;
  /** Default 0: a free port. */
  port?: number;
}

/** Counters of a {@link LocalCloudTrail}. */
export interface LocalCloudTrailStats {
  calls: number;
  throttled: number;
  served: number;
  callTimes: number[];
}

/** A running local CloudTrail endpoint. */
export interface LocalCloudTrail {
  /** Set `AWS_ENDPOINT_URL_CLOUDTRAIL` to this. */
  endpoint: string;
  stats: LocalCloudTrailStats;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function seconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') return Date.parse(value);
  return undefined;
}

/**
 * A small CloudTrail-compatible endpoint on 127.0.0.1 that speaks the `LookupEvents` JSON protocol
 * (`x-amz-target: CloudTrail_20131101.LookupEvents`, awsJson1_1): time range, one lookup attribute, pages of at
 * most 50 events newest first with a NextToken, and optional throttling (HTTP 400 `ThrottlingException`).
 * For tests, demos and benchmarks without an AWS account; point the SDK at it with `AWS_ENDPOINT_URL_CLOUDTRAIL`.
 *
 * @example
 * const local = await startLocalCloudTrail({ events: await readCloudTrailFiles(dir), throttleEvery: 2 });
 * process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = local.endpoint;
 * // ... new LookupEventsSource({ region: 'us-east-1' }).lookup(...)
 * await local.close();
 */
export async function startLocalCloudTrail(options: LocalCloudTrailOptions): Promise<LocalCloudTrail> {
  const events = [...options.events].sort((a, b) => b.timestamp - a.timestamp);
  const stats: LocalCloudTrailStats = { calls: 0, throttled: 0, served: 0, callTimes: [] };
  const throttleEvery = options.throttleEvery ?? 0;
  const recent: number[] = [];
  const reply = (res: import('node:http').ServerResponse, status: number, body: unknown, type?: string) => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': `local-${stats.calls}`,
    };
    if (type) headers['x-amzn-errortype'] = type;
    res.writeHead(status, headers).end(JSON.stringify(body));
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'CloudTrail_20131101.LookupEvents') {
      reply(
        res,
        400,
        { __type: 'UnknownOperationException', message: `unsupported target ${String(target)}` },
        'UnknownOperationException',
      );
      return;
    }
    stats.calls++;
    const now = Date.now();
    stats.callTimes.push(now);
    recent.push(now);
    while (recent.length > 0 && now - recent[0]! >= 1000) recent.shift();
    const overRate = options.maxCallsPerSecond !== undefined && recent.length > options.maxCallsPerSecond;
    if ((throttleEvery > 0 && stats.calls % throttleEvery === 0) || overRate) {
      stats.throttled++;
      reply(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
      return;
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body || '{}');
    } catch {
      reply(
        res,
        400,
        { __type: 'SerializationException', message: 'body is not JSON' },
        'SerializationException',
      );
      return;
    }
    const start = seconds(input.StartTime) ?? Number.NEGATIVE_INFINITY;
    const end = seconds(input.EndTime) ?? Number.POSITIVE_INFINITY;
    const attributes =
      (input.LookupAttributes as { AttributeKey: LookupAttributeKey; AttributeValue: string }[]) ?? [];
    if (attributes.length > 1) {
      reply(
        res,
        400,
        { __type: 'InvalidLookupAttributesException', message: 'one attribute only' },
        'InvalidLookupAttributesException',
      );
      return;
    }
    const attribute = attributes[0]
      ? { key: attributes[0].AttributeKey, value: attributes[0].AttributeValue }
      : undefined;
    const matching = events.filter(
      (e) => e.timestamp >= start && e.timestamp <= end && matchesAttribute(e, attribute),
    );
    const pageSize = Math.min(50, Number(input.MaxResults ?? 50));
    const offset = input.NextToken
      ? Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8'))
      : 0;
    const page = matching.slice(offset, offset + pageSize);
    stats.served += page.length;
    const next =
      offset + pageSize < matching.length
        ? Buffer.from(String(offset + pageSize)).toString('base64')
        : undefined;
    reply(res, 200, {
      Events: page.map((e) => ({
        EventId: e.eventId,
        EventName: e.eventName,
        EventSource: e.eventSource,
        EventTime: e.timestamp / 1000,
        ReadOnly: e.readOnly === undefined ? undefined : String(e.readOnly),
        Username: e.record.userIdentity?.userName ?? e.identity,
        AccessKeyId: e.record.userIdentity?.accessKeyId,
        CloudTrailEvent: JSON.stringify(e.record),
      })),
      NextToken: next,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
