import { isIP } from 'node:net';
import { identityName } from './identityName.js';
import type { CloudTrailRecord, ParsedEvent, RecordFlag } from './types/CloudTrailRecord.js';

// Real partitions: aws (us, eu, ap, sa, ca, me, af, il, mx), aws-cn, aws-us-gov, the ISO partitions.
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
// Services calling on a user's behalf write their host name instead of an IP.
const SERVICE_HOST = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$|^AWS Internal$/i;

/** Whether a Region name has the shape of a real AWS Region (the anonymised data has `ap-central-2r`). */
export function isPlausibleRegion(region: string): boolean {
  return REGION.test(region);
}

function toBoolean(value: boolean | string | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * Turns a validated CloudTrail record into the {@link ParsedEvent} shape: one identity name, the IAM action,
 * a millisecond timestamp and flags for odd values. Never throws.
 *
 * @example
 * const event = normaliseRecord(CloudTrailRecord.parse(raw));
 * event.action; // 'cloudtrail:StopLogging'
 */
export function normaliseRecord(record: CloudTrailRecord): ParsedEvent {
  const flags: RecordFlag[] = [];
  let timestamp = Date.parse(record.eventTime);
  if (Number.isNaN(timestamp)) {
    flags.push('invalid-time');
    timestamp = 0;
  }
  const region = record.awsRegion;
  if (region !== undefined && !REGION.test(region)) flags.push('unknown-region');
  const ip = record.sourceIPAddress;
  if (ip !== undefined && isIP(ip) === 0 && !SERVICE_HOST.test(ip)) flags.push('invalid-ip');
  let identity = identityName(record.userIdentity);
  if (identity === undefined) {
    flags.push('unknown-identity');
    identity = 'unknown';
  }
  const dot = record.eventSource.indexOf('.');
  const service = dot > 0 ? record.eventSource.slice(0, dot) : record.eventSource;
  return {
    eventId: record.eventID,
    eventTime: record.eventTime,
    timestamp,
    eventName: record.eventName,
    eventSource: record.eventSource,
    action: `${service}:${record.eventName}`,
    identity,
    identityType: record.userIdentity?.type ?? (record.userIdentity?.invokedBy ? 'AWSService' : 'Unknown'),
    accountId: record.userIdentity?.accountId ?? record.recipientAccountId,
    region,
    sourceIp: ip,
    userAgent: record.userAgent,
    errorCode: record.errorCode ?? undefined,
    readOnly: toBoolean(record.readOnly),
    flags,
    record,
  };
}
