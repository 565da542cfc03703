import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import type { LookupQuery } from '../types/LookupQuery.js';

/**
 * Whether an event matches a LookupEvents attribute filter, for sources that filter in memory (files, S3).
 * `Username` matches the normalised identity or the raw user name.
 *
 * @example
 * events.filter((e) => matchesAttribute(e, { key: 'EventName', value: 'StopLogging' }));
 */
export function matchesAttribute(event: ParsedEvent, attribute: LookupQuery['attribute']): boolean {
  if (!attribute) return true;
  const { key, value } = attribute;
  switch (key) {
    case 'EventName':
      return event.eventName === value;
    case 'EventSource':
      return event.eventSource === value;
    case 'EventId':
      return event.eventId === value;
    case 'ReadOnly':
      return String(event.readOnly) === value;
    case 'Username':
      return (
        event.identity === value ||
        event.record.userIdentity?.userName === value ||
        event.record.userIdentity?.sessionContext?.sessionIssuer?.userName === value
      );
    case 'AccessKeyId':
      return event.record.userIdentity?.accessKeyId === value;
    case 'ResourceName':
    case 'ResourceType': {
      const resources = (event.record as { resources?: { ARN?: string; type?: string }[] }).resources ?? [];
      return resources.some((r) =>
        key === 'ResourceType' ? r.type === value : r.ARN === value || r.ARN?.endsWith(value),
      );
    }
  }
}
