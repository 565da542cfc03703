import { InvalidQueryError } from '../../errors.js';
import { parseCloudTrail } from '../../parseCloudTrail.js';
import type { ParsedEvent } from '../../types/CloudTrailRecord.js';
import { EPOCH_MS_SQL, eventScan } from '../eventScan.js';
import type { Answer, QueryEngine } from '../QueryEngine.js';
import { type QueryFilter, resolveFilter } from '../QueryFilter.js';
import type { Row } from '../Statement.js';
import { engineFilter } from './engineFilter.js';

/** A page of {@link eventLookup}. */
export interface EventPage {
  /** 1..10000 events (default 50). */
  limit?: number;
  /** Events to skip, for the next page (default 0). */
  offset?: number;
}

/** Events of a page, newest first, and whether more follow. */
export interface LookupAnswer {
  events: ParsedEvent[];
  hasMore: boolean;
  nextOffset?: number;
}

function toEvent(row: Row): ParsedEvent {
  // DuckDB keeps the whole record: parse it as the in-process path does (flags included).
  if (row.record) {
    const [parsed] = parseCloudTrail([JSON.parse(row.record)]);
    if (parsed) return parsed;
  }
  const service = row.eventsource!.split('.')[0];
  const readOnly = row.readonly === 'true' ? true : row.readonly === 'false' ? false : undefined;
  return {
    eventId: row.eventid ?? undefined,
    eventTime: row.eventtime!,
    timestamp: row.ms === null ? 0 : Number(row.ms),
    eventName: row.eventname!,
    eventSource: row.eventsource!,
    action: `${service}:${row.eventname}`,
    identity: row.identity!,
    identityType: row.identitytype!,
    accountId: row.accountid ?? undefined,
    region: row.awsregion ?? undefined,
    sourceIp: row.sourceipaddress ?? undefined,
    userAgent: row.useragent ?? undefined,
    errorCode: row.errorcode || undefined,
    readOnly,
    flags: [],
    record: {
      eventTime: row.eventtime!,
      eventName: row.eventname!,
      eventSource: row.eventsource!,
      eventID: row.eventid ?? undefined,
      awsRegion: row.awsregion ?? undefined,
      recipientAccountId: row.recipientaccountid ?? undefined,
    },
  };
}

function bounded(value: number | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 0 || n > max)
    throw new InvalidQueryError(`${name} must be an integer from 0 to ${max}`);
  return n;
}

/**
 * Looks up events with any combination of filters, newest first, one page at a time. The page bounds are
 * checked integers, written into the SQL; every filter value is a bound parameter.
 *
 * @example
 * const first = await eventLookup(engine, { eventName: 'StopLogging' }, { limit: 100 });
 * const next = await eventLookup(engine, { eventName: 'StopLogging' }, { limit: 100, offset: first.result.nextOffset });
 */
export async function eventLookup(
  engine: QueryEngine,
  filter: QueryFilter,
  page: EventPage = {},
): Promise<Answer<LookupAnswer>> {
  const resolved = engineFilter(engine, resolveFilter(filter));
  const limit = Math.max(1, bounded(page.limit, 50, 10_000, 'limit'));
  const offset = bounded(page.offset, 0, 1_000_000, 'offset');
  const events: ParsedEvent[] = [];
  const stats = await engine.run(
    resolved,
    (relation, p) =>
      p.statement(`SELECT eventid, eventtime, ${EPOCH_MS_SQL} AS ms, eventname, eventsource, identity, identitytype,
  accountid, recipientaccountid, awsregion, sourceipaddress, useragent, errorcode, readonly, record
FROM ${eventScan(relation, resolved, p)}
ORDER BY ts DESC, eventid DESC
OFFSET ${offset} LIMIT ${limit + 1}`),
    (rows) => {
      for (const row of rows) events.push(toEvent(row));
    },
  );
  const hasMore = events.length > limit;
  if (hasMore) events.length = limit;
  return {
    result: { events, hasMore, nextOffset: hasMore ? offset + limit : undefined },
    stats,
  };
}
