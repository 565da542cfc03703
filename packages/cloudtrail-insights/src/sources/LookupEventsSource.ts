import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudTrailThrottledError, InvalidQueryError } from '../errors.js';
import { IdentityLabeller, labelIdentities } from '../labelIdentities.js';
import { parseCloudTrail } from '../parseCloudTrail.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { LookupQuery } from '../types/LookupQuery.js';
import { CallPacer, type PacerState } from './CallPacer.js';
import { resolveTimeRange } from './timeRange.js';

/** LookupEvents returns at most 50 events a page. */
const PAGE_SIZE = 50;
/** Default bound on events per lookup. */
export const DEFAULT_MAX_EVENTS = 10_000;

/** Options of {@link LookupEventsSource}. */
export interface LookupEventsSourceOptions {
  /** A client of your own; by default one is built from `region` and the standard AWS configuration. */
  client?: CloudTrailClient;
  /** Region; by default the SDK's own resolution (AWS_REGION, profile). Never hard-coded here. */
  region?: string;
  /**
   * Account the credentials belong to (the MCP server passes `AWS_ACCOUNT_ID`; the environment is never read
   * here); callers with the same account and Region share one pacing budget, and without an account every caller
   * of a Region shares one (the safe side).
   */
  accountId?: string;
  /** At most this many LookupEvents calls per second per account and Region (default 2, the service quota). */
  callsPerSecond?: number;
  /** Retries of a throttled or transiently failing (5xx, connection reset) call (default 8). */
  maxRetries?: number;
  /** First backoff after a throttle, doubled each retry with jitter (default 200 ms, capped at 10 s). */
  baseDelayMs?: number;
}

/** One page as it arrives. */
export interface LookupPage {
  events: ParsedEvent[];
  page: number;
}

/** Result of {@link LookupEventsSource.lookup}. */
export interface LookupResult {
  events: ParsedEvent[];
  /** True when `maxEvents` or `timeBudgetMs` stopped the lookup before CloudTrail ran out of pages. */
  truncated: boolean;
  pages: number;
  /** Throttled calls that were retried. */
  throttledRetries: number;
  startTime: string;
  endTime: string;
}

/** Server-side or network failures worth another paced attempt (not client errors such as AccessDenied). */
function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return (
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'].includes(e?.code ?? '') || e?.name === 'TimeoutError'
  );
}

function isThrottle(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'ThrottlingException' ||
    e?.name === 'TooManyRequestsException' ||
    e?.$metadata?.httpStatusCode === 429
  );
}

/**
 * Reads CloudTrail management events through LookupEvents, the way the API wants to be read: every page of the
 * window (Start/End fixed across pages), at most 2 calls per second per account and Region shared by every
 * caller in the process, throttling retried with backoff, and a `maxEvents` bound that reports `truncated`.
 * The Region comes from configuration; `AWS_ENDPOINT_URL_CLOUDTRAIL` redirects the endpoint.
 *
 * @example
 * import { LookupEventsSource } from '@mv/cloudtrail-insights';
 * const source = new LookupEventsSource({ region: 'eu-west-1' });
 * const { events, truncated } = await source.lookup({
 *   startTime: '2026-01-01T00:00:00Z',
 *   attribute: { key: 'Username', value: 'alice' },
 *   maxEvents: 500,
 * });
 */
export class LookupEventsSource {
  readonly client: CloudTrailClient;
  private readonly accountId: string;
  private readonly callsPerSecond: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private pacer?: CallPacer;
  private throttledRetries = 0;

  constructor(options: LookupEventsSourceOptions = {}) {
    const config: CloudTrailClientConfig = { maxAttempts: 1 };
    if (options.region) config.region = options.region;
    // Our own paced retries replace the SDK's, which would bypass the shared budget.
    this.client = options.client ?? new CloudTrailClient(config);
    this.accountId = options.accountId ?? 'default';
    this.callsPerSecond = options.callsPerSecond ?? 2;
    this.maxRetries = options.maxRetries ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 200;
  }

  /** The Region calls go to (from the client's configuration). */
  async region(): Promise<string> {
    return this.client.config.region();
  }

  private async pacerFor(): Promise<CallPacer> {
    if (!this.pacer) {
      this.pacer = CallPacer.for(`${this.accountId}|${await this.region()}`, this.callsPerSecond);
    }
    return this.pacer;
  }

  /** Pacing state of this source's account and Region. */
  async pacingState(): Promise<PacerState> {
    return (await this.pacerFor()).state();
  }

  /**
   * Yields pages of parsed events until the window is exhausted or `maxEvents` is reached; the last page is
   * cut to the bound. Use it to aggregate long windows without holding every event.
   *
   * @example
   * for await (const page of source.pages({ startTime: '2026-01-01T00:00:00Z' })) count += page.events.length;
   */
  async *pages(
    query: LookupQuery = {},
    signal?: AbortSignal,
  ): AsyncGenerator<LookupPage, { truncated: boolean }> {
    const parsed = LookupQuery.safeParse(query);
    if (!parsed.success)
      throw new InvalidQueryError(`invalid lookup query: ${parsed.error.issues[0]?.message}`);
    const { start, end } = resolveTimeRange(parsed.data.startTime, parsed.data.endTime);
    const maxEvents = parsed.data.maxEvents ?? DEFAULT_MAX_EVENTS;
    const attribute = parsed.data.attribute;
    const deadline =
      parsed.data.timeBudgetMs === undefined ? Infinity : Date.now() + parsed.data.timeBudgetMs;
    const pacer = await this.pacerFor();
    let nextToken: string | undefined;
    let delivered = 0;
    let page = 0;
    // One label per principal across every page of the iteration.
    const labeller = new IdentityLabeller();
    do {
      const response = await this.call(pacer, signal, {
        StartTime: start,
        EndTime: end,
        MaxResults: PAGE_SIZE,
        NextToken: nextToken,
        LookupAttributes: attribute
          ? [{ AttributeKey: attribute.key, AttributeValue: attribute.value }]
          : undefined,
      });
      nextToken = response.NextToken;
      let events = labeller.label(parseCloudTrail({ Events: response.Events ?? [] }));
      const room = maxEvents - delivered;
      const cut = events.length > room;
      if (cut) events = events.slice(0, room);
      delivered += events.length;
      page++;
      yield { events, page };
      if (cut || (delivered >= maxEvents && nextToken)) return { truncated: true };
      if (nextToken && Date.now() >= deadline) return { truncated: true };
    } while (nextToken);
    return { truncated: false };
  }

  /**
   * Looks up every event of the window (all pages), up to `maxEvents` (default 10,000).
   *
   * @example
   * const { events, truncated, pages } = await source.lookup({ maxEvents: 200 });
   */
  async lookup(query: LookupQuery = {}, signal?: AbortSignal): Promise<LookupResult> {
    const { start, end } = resolveTimeRange(query.startTime, query.endTime);
    const fixed = { ...query, startTime: start, endTime: end };
    const before = this.throttledRetries;
    const events: ParsedEvent[] = [];
    const iterator = this.pages(fixed, signal);
    let pages = 0;
    let result = await iterator.next();
    while (!result.done) {
      pages++;
      for (const event of result.value.events) events.push(event);
      result = await iterator.next();
    }
    return {
      events: labelIdentities(events),
      truncated: result.value.truncated,
      pages,
      throttledRetries: this.throttledRetries - before,
      startTime: start.toISOString(),
      endTime: end.toISOString(),
    };
  }

  private async call(pacer: CallPacer, signal: AbortSignal | undefined, input: LookupEventsCommand['input']) {
    for (let attempt = 0; ; attempt++) {
      await pacer.acquire(signal);
      try {
        return await this.client.send(new LookupEventsCommand(input), { abortSignal: signal });
      } catch (error) {
        const throttled = isThrottle(error);
        if (!throttled && !isTransient(error)) throw error;
        if (throttled) {
          pacer.noteThrottled(0);
          this.throttledRetries++;
        }
        if (attempt >= this.maxRetries) {
          if (!throttled) throw error;
          throw new CloudTrailThrottledError(
            `CloudTrail LookupEvents stayed throttled after ${this.maxRetries} retries; try again later or lower the number of concurrent lookups`,
            { cause: error },
          );
        }
        const ceiling = Math.min(10_000, this.baseDelayMs * 2 ** attempt);
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2), undefined, { signal });
      }
    }
  }
}
