import type { QueryFilter } from '../../src/query/QueryFilter.js';

/** Values an attacker might put in a filter: a quote, an injection attempt, unicode with bidi and control characters. */
export const HOSTILE_VALUES = ["it's", "x'; DROP TABLE trail_logs; --", 'ユーザー\u202e"\\\u0000'] as const;

/** Every string filter of the query layer set to `value`: engines must take each only as a bound parameter. */
export function everyFilter(value: string): QueryFilter {
  return {
    accountIds: [value],
    regions: [value],
    identity: value,
    eventName: value,
    eventSource: value,
    eventId: value,
    accessKeyId: value,
    errorCode: value,
    resourceName: value,
    resourceType: value,
  };
}
