import { z } from 'zod';
import { InvalidQueryError } from '../errors.js';
import type { QueryFilter } from '../query/QueryFilter.js';
import type { LookupAttributeKey, LookupQuery } from '../types/LookupQuery.js';

/**
 * Time range and filters of every use case (a zod shape, so the MCP tools take it as their input schema).
 *
 * @example
 * const args = z.object(WindowInput).parse({ startTime: '2024-07-01T00:00:00Z', eventName: 'StopLogging' });
 */
export const WindowInput = {
  startTime: z.string().optional().describe('ISO 8601 start (default: 24 hours before endTime)'),
  endTime: z.string().optional().describe('ISO 8601 end (default: now)'),
  username: z.string().optional().describe('Only calls by this user name / identity'),
  eventName: z.string().optional().describe('Only this API call, e.g. StopLogging'),
  eventSource: z.string().optional().describe('Only this service, e.g. s3.amazonaws.com'),
  resourceName: z.string().optional(),
  resourceType: z.string().optional(),
  accessKeyId: z.string().optional(),
  eventId: z.string().optional(),
  readOnly: z.boolean().optional().describe('Only read (true) or write (false) calls'),
  accountId: z
    .string()
    .optional()
    .describe('Only this account (Athena or trail files: CLOUDTRAIL_SOURCE=athena|files)'),
  region: z.string().optional().describe('Only this Region (Athena or trail files)'),
};

/** A window and its filters, as the use cases take it. */
export type WindowArgs = { [K in keyof typeof WindowInput]?: z.infer<(typeof WindowInput)[K]> };

const KEYS: Record<string, LookupAttributeKey> = {
  username: 'Username',
  eventName: 'EventName',
  eventSource: 'EventSource',
  resourceName: 'ResourceName',
  resourceType: 'ResourceType',
  accessKeyId: 'AccessKeyId',
  eventId: 'EventId',
  readOnly: 'ReadOnly',
};

/**
 * Turns a window into a {@link LookupQuery}; more than one attribute filter is an input error, since
 * LookupEvents accepts one per call.
 * @internal
 */
export function toLookupQuery(args: WindowArgs, maxEvents: number, timeBudgetMs?: number): LookupQuery {
  const filters = Object.entries(KEYS).filter(([name]) => args[name as keyof WindowArgs] !== undefined);
  if (filters.length > 1) {
    throw new InvalidQueryError(
      `CloudTrail LookupEvents takes one attribute filter per call; got ${filters.map(([n]) => n).join(', ')}`,
    );
  }
  if (args.accountId !== undefined || args.region !== undefined)
    throw new InvalidQueryError('accountId and region filters need CLOUDTRAIL_SOURCE=athena or trail files');
  const [filter] = filters;
  return {
    startTime: args.startTime,
    endTime: args.endTime,
    maxEvents,
    timeBudgetMs,
    attribute: filter ? { key: filter[1], value: String(args[filter[0] as keyof WindowArgs]) } : undefined,
  };
}

/**
 * Turns a window into a query-engine filter: engines combine any filters, accounts and Regions included.
 * @internal
 */
export function toQueryFilter(args: WindowArgs): QueryFilter {
  return {
    startTime: args.startTime,
    endTime: args.endTime,
    accountIds: args.accountId === undefined ? undefined : [args.accountId],
    regions: args.region === undefined ? undefined : [args.region],
    identity: args.username,
    eventName: args.eventName,
    eventSource: args.eventSource,
    resourceName: args.resourceName,
    resourceType: args.resourceType,
    accessKeyId: args.accessKeyId,
    eventId: args.eventId,
    readOnly: args.readOnly,
  };
}
