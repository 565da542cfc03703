import { type ParsedEvent, parseCloudTrail } from '../../src/index.js';

/** When the synthetic sessions of the unit tests start. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0);

/**
 * Synthetic events (generated for unit tests, not a real data set) of one IAM user from `[call, offset]` pairs, the
 * offset in `unitMs` milliseconds after {@link T0}.
 */
export function syntheticEvents(
  identity: string,
  calls: [string, number][],
  { unitMs = 1, userAgent = 'console' }: { unitMs?: number; userAgent?: string } = {},
): ParsedEvent[] {
  return parseCloudTrail(
    calls.map(([eventName, offset]) => ({
      eventTime: new Date(T0 + offset * unitMs).toISOString(),
      eventName,
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '192.0.2.1',
      userAgent,
      userIdentity: { type: 'IAMUser', userName: identity },
    })),
  );
}
