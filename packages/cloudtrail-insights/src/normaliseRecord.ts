import { isIP } from 'node:net';
import { identityKey } from './identityKey.js';
import { identityName } from './identityName.js';
import { parseIsoTime } from './isoTime.js';
import type { CloudTrailRecord, ParsedEvent, RecordFlag } from './types/CloudTrailRecord.js';

// Real partitions: aws (us, eu, ap, sa, ca, me, af, il, mx), aws-cn, aws-us-gov, the ISO partitions.
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
// Services calling on a user's behalf write their host name instead of an IP.
const SERVICE_HOST = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$|^AWS Internal$/i;

/** Whether a Region name has the shape of a real AWS Region (the anonymised data has `ap-central-2r`). */
export function isPlausibleRegion(region: string): boolean {
  return REGION.test(region);
}

/**
 * A bounded memo of a string predicate: a trail holds few distinct Regions, source IPs and (source, name) pairs,
 * so most records hit. Cleared when full, so memory stays bounded whatever the input.
 */
class Memo<T> {
  private map = new Map<string, T>();
  constructor(
    private readonly compute: (key: string) => T,
    private readonly limit = 10_000,
  ) {}
  get(key: string): T {
    let value = this.map.get(key);
    if (value === undefined) {
      value = this.compute(key);
      if (this.map.size >= this.limit) this.map = new Map();
      this.map.set(key, value);
    }
    return value;
  }
}

const plausibleRegion = new Memo((region) => REGION.test(region));
const invalidIp = new Memo((ip) => isIP(ip) === 0 && !SERVICE_HOST.test(ip));

function serviceOf(eventSource: string): string {
  const dot = eventSource.indexOf('.');
  return dot > 0 ? eventSource.slice(0, dot) : eventSource;
}

// eventSource -> eventName -> `service:eventName` (one shared string per action instead of one per event).
const actions = new Map<string, Map<string, string>>();
function actionOf(eventSource: string, eventName: string): string {
  let byName = actions.get(eventSource);
  if (byName === undefined) {
    if (actions.size >= 10_000) actions.clear();
    byName = new Map();
    actions.set(eventSource, byName);
  }
  let action = byName.get(eventName);
  if (action === undefined) {
    action = `${serviceOf(eventSource)}:${eventName}`;
    if (byName.size >= 10_000) byName.clear();
    byName.set(eventName, action);
  }
  return action;
}

function toBoolean(value: boolean | string | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * Turns a validated CloudTrail record into the {@link ParsedEvent} shape: the identity's unique key and short
 * name (`identity` is the short name until `labelIdentities` sees the set), the IAM action, a millisecond
 * timestamp and flags for odd values. Never throws.
 *
 * @example
 * const event = normaliseRecord(CloudTrailRecord.parse(raw));
 * event.action; // 'cloudtrail:StopLogging'
 */
export function normaliseRecord(record: CloudTrailRecord): ParsedEvent {
  const eventTime = record.eventTime;
  let timestamp = parseIsoTime(eventTime);
  const invalidTime = Number.isNaN(timestamp);
  if (invalidTime) timestamp = 0;
  const region = record.awsRegion;
  const unknownRegion = region !== undefined && !plausibleRegion.get(region);
  const ip = record.sourceIPAddress;
  const badIp = ip !== undefined && invalidIp.get(ip);
  const userIdentity = record.userIdentity;
  const key = identityKey(userIdentity);
  const name = identityName(userIdentity);
  const unknownIdentity = key === undefined || name === undefined;
  const displayName = name ?? 'unknown';
  // Flags in a fixed order; an exact-size literal when there is at most one (the usual case), not a grown array.
  let flags: RecordFlag[];
  if (!invalidTime && !badIp && !unknownIdentity) flags = unknownRegion ? ['unknown-region'] : [];
  else {
    flags = [];
    if (invalidTime) flags.push('invalid-time');
    if (unknownRegion) flags.push('unknown-region');
    if (badIp) flags.push('invalid-ip');
    if (unknownIdentity) flags.push('unknown-identity');
  }
  const eventName = record.eventName;
  const eventSource = record.eventSource;
  return {
    eventId: record.eventID,
    eventTime,
    timestamp,
    eventName,
    eventSource,
    action: actionOf(eventSource, eventName),
    // The short name until labelIdentities sees the whole set (parseCloudTrail and every source do).
    identity: displayName,
    identityKey: key ?? 'unknown',
    displayName,
    identityType: userIdentity?.type ?? (userIdentity?.invokedBy ? 'AWSService' : 'Unknown'),
    accountId: userIdentity?.accountId ?? record.recipientAccountId,
    region,
    sourceIp: ip,
    userAgent: record.userAgent,
    errorCode: record.errorCode ?? undefined,
    readOnly: toBoolean(record.readOnly),
    flags,
    record,
  };
}
