import type { ResolvedFilter } from './QueryFilter.js';
import type { ParamBinder } from './Statement.js';

// The SQL below is Trino (Athena engine v3); DuckDB runs the same text through a few macros (DuckDbEngine).
// It reads the columns of the Athena CloudTrail table, which DuckDB's relation exposes under the same names.

/** Text after the last `/` of an ARN, NULL without one (identityName's lastSegment). */
const last = (arn: string) =>
  `CASE WHEN strpos(${arn}, '/') > 0 THEN regexp_extract(${arn}, '([^/]*)$', 1) END`;
/** The segment before the last `/` (the role name of an assumed-role ARN). */
const secondLast = (arn: string) =>
  `CASE WHEN strpos(${arn}, '/') > 0 THEN regexp_extract(${arn}, '([^/]*)/[^/]*$', 1) END`;
/** Text after the first `:` of a principal id, the whole id without one, NULL when empty. */
const afterColon = (id: string) =>
  `CASE WHEN ${id} = '' THEN NULL WHEN strpos(${id}, ':') > 0 THEN substr(${id}, strpos(${id}, ':') + 1) ELSE ${id} END`;

const U = 'useridentity';
const ISSUER = `${U}.sessioncontext.sessionissuer.username`;

/**
 * `identityName` (src/identityName.ts) in SQL: one name whatever the `userIdentity` variant, `unknown` when the
 * record names no one. The equivalence tests hold the two to the same answers on the real samples.
 * @internal
 */
export const IDENTITY_SQL = `coalesce(CASE ${U}.type
  WHEN 'IAMUser' THEN coalesce(${U}.username, ${last(`${U}.arn`)}, ${U}.principalid)
  WHEN 'AssumedRole' THEN CASE
    WHEN starts_with(${ISSUER}, 'AWSReservedSSO_') AND ${last(`${U}.arn`)} <> '' THEN ${ISSUER} || '/' || ${last(`${U}.arn`)}
    ELSE coalesce(${ISSUER}, ${secondLast(`${U}.arn`)}, ${U}.principalid) END
  WHEN 'FederatedUser' THEN coalesce(${last(`${U}.arn`)}, ${afterColon(`${U}.principalid`)})
  WHEN 'Root' THEN 'root'
  WHEN 'AWSService' THEN coalesce(${U}.invokedby, ${U}.principalid)
  WHEN 'IdentityCenterUser' THEN coalesce(${U}.onbehalfof.userid, ${U}.username, ${U}.principalid)
  WHEN 'AWSAccount' THEN CASE WHEN ${U}.accountid <> '' THEN 'account:' || ${U}.accountid ELSE ${U}.principalid END
  ELSE coalesce(${U}.username, ${U}.invokedby, ${last(`${U}.arn`)}, ${afterColon(`${U}.principalid`)})
END, 'unknown')`;

/** Milliseconds since the epoch of the parsed event time `ts`. @internal */
export const EPOCH_MS_SQL = 'CAST(to_unixtime(ts) * 1000 AS BIGINT)';

/** `service:eventName`, the IAM action of an event (normaliseRecord's actionOf). @internal */
export const ACTION_SQL = `split_part(eventsource, '.', 1) || ':' || eventname`;

function whereClauses(filter: ResolvedFilter, p: ParamBinder): string[] {
  const where = ['eventname IS NOT NULL', 'eventsource IS NOT NULL', 'eventtime IS NOT NULL'];
  if (filter.start) where.push(`ts >= from_iso8601_timestamp(${p.bind(filter.start.toISOString())})`);
  if (filter.end) where.push(`ts <= from_iso8601_timestamp(${p.bind(filter.end.toISOString())})`);
  if (filter.accountIds) where.push(`recipientaccountid IN (${p.bindList(filter.accountIds)})`);
  if (filter.regions) where.push(`awsregion IN (${p.bindList(filter.regions)})`);
  if (filter.eventName) where.push(`eventname = ${p.bind(filter.eventName)}`);
  if (filter.eventSource) where.push(`eventsource = ${p.bind(filter.eventSource)}`);
  if (filter.eventId) where.push(`eventid = ${p.bind(filter.eventId)}`);
  if (filter.accessKeyId) where.push(`accesskeyid = ${p.bind(filter.accessKeyId)}`);
  if (filter.errorCode) where.push(`errorcode = ${p.bind(filter.errorCode)}`);
  if (filter.readOnly !== undefined) where.push(`readonly = ${p.bind(String(filter.readOnly))}`);
  // Space-delimited lists: an ARN equal to or ending with the name, a type equal to the type (matchesAttribute).
  if (filter.resourceName) where.push(`strpos(resourcearns, ${p.bind(`${filter.resourceName} `)}) > 0`);
  if (filter.resourceType) where.push(`strpos(resourcetypes, ${p.bind(` ${filter.resourceType} `)}) > 0`);
  return where;
}

/**
 * The normalised columns of each event of `relation` (the Athena table's column names): `ts` (timestamp),
 * `displayname` and `identitytype` (identityName), `accountid`, `eventname`, `eventsource`, `errorcode`, `readonly`,
 * `accesskeyid`, `username`, `issuername`, `resourcearns`, `resourcetypes`..., and `carried` passed through. They do
 * not depend on a filter: Athena computes them in every query ({@link AthenaEngine}'s relation), DuckDB once per
 * window, into its window table.
 * @internal
 */
export function normalisedEvents(relation: string, carried: string): string {
  return `SELECT eventid, eventtime, try(from_iso8601_timestamp(eventtime)) AS ts, eventname, eventsource,
    ${IDENTITY_SQL} AS displayname,
    coalesce(${U}.type, CASE WHEN ${U}.invokedby IS NOT NULL THEN 'AWSService' ELSE 'Unknown' END) AS identitytype,
    coalesce(${U}.accountid, recipientaccountid) AS accountid, recipientaccountid, awsregion, sourceipaddress,
    useragent, errorcode, readonly, ${U}.accesskeyid AS accesskeyid, ${U}.username AS username,
    ${ISSUER} AS issuername, resourcearns, resourcetypes, ${carried}
  FROM ${relation}`;
}

/**
 * The events of a filter as a derived table `e`: the columns of {@link normalisedEvents} and `identity` (the
 * label). Filters are bound parameters; `relation` is the engine's (already partition-pruned) relation of
 * normalised events.
 * @internal
 */
export function eventScan(relation: string, filter: ResolvedFilter, p: ParamBinder): string {
  // The label analyses group by (docs/cloudtrail-insights/identities.md): the display name, qualified with the
  // principal type where principals of several types share it in the window, as the in-process labeller does.
  const labelled = `SELECT e0.*, CASE WHEN min(identitytype) OVER (PARTITION BY displayname) =
      max(identitytype) OVER (PARTITION BY displayname) THEN displayname
    ELSE identitytype || ':' || displayname END AS identity
  FROM (SELECT * FROM ${relation}) e0 WHERE ${whereClauses(filter, p).join(' AND ')}`;
  if (!filter.identity) return `(${labelled}) e`;
  const [a, b, c] = [1, 2, 3].map(() => p.bind(filter.identity as string));
  return `(SELECT * FROM (${labelled}) e1 WHERE identity = ${a} OR username = ${b} OR issuername = ${c}) e`;
}

/**
 * One row per event and dimension, for a single GROUP BY over every dimension: `dim` is the dimension's index in
 * `keys` and `k` its value, `keys` being SQL expressions over the columns of `source` (a NULL value is no row);
 * `carried` are passed through. The values are computed once per event and the rows fanned out by a cross join
 * with a constant table, which both engines plan as a plain product; `CROSS JOIN UNNEST(ARRAY[...])` costs DuckDB
 * a correlated join (about 8x slower), and GROUPING SETS, the other single-scan form, is outside what the Trino
 * parse check accepts. The dimension goes as a number beside the value, not as a prefix of it: building a
 * `name:<value>` text for every event and dimension was most of the summary's time. @internal
 */
export function dimensionRows(source: string, keys: readonly string[], carried: readonly string[]): string {
  const named = keys.map((key, i) => `${key} AS k${i}`).join(', ');
  const pick = keys.map((_, i) => `WHEN ${i} THEN k${i}`).join(' ');
  const values = keys.map((_, i) => `(${i})`).join(', ');
  const pass = carried.map((c) => `${c}, `).join('');
  return `(SELECT * FROM (SELECT ${pass}d.i AS dim, CASE d.i ${pick} END AS k
  FROM (SELECT ${pass}${named} FROM ${source}) s
  CROSS JOIN (VALUES ${values}) AS d (i)) x WHERE k IS NOT NULL) dims`;
}
