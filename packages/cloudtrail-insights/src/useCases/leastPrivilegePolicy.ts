import { z } from 'zod';
import { suggestPolicy } from '../model/suggestPolicy.js';
import { IamPolicy } from '../types/Behaviour.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import type { InsightsOptions } from './InsightsOptions.js';
import { readEvents } from './readEvents.js';
import type { WindowArgs } from './windowQuery.js';

/**
 * A least-privilege policy for an identity and the calls it rests on.
 *
 * @example
 * PolicySuggestion.parse(answer).policy.Statement.length;
 */
export const PolicySuggestion = z.object({
  identity: z.string(),
  basedOnEvents: z.number().int(),
  distinctActions: z.number().int(),
  truncated: z.boolean(),
  policy: IamPolicy,
});
/** @see PolicySuggestion */
export type PolicySuggestion = z.infer<typeof PolicySuggestion>;

/** What {@link leastPrivilegePolicy} reads. */
export interface PolicyInput extends Pick<WindowArgs, 'startTime' | 'endTime'> {
  /** Identity (user or role name). */
  identity: string;
  /** Also allow calls that were denied (default false). */
  includeDenied?: boolean;
  /** Newest events read (default 50 000). */
  maxEvents?: number;
}

/**
 * The policy part of {@link leastPrivilegePolicy} over events already read (the dashboard has them).
 *
 * @example
 * policyFrom(events, 'alice').policy;
 */
export function policyFrom(
  events: readonly ParsedEvent[],
  identity: string,
  includeDenied = false,
): Omit<PolicySuggestion, 'truncated'> {
  const own = events.filter((e) => e.identity === identity);
  return {
    identity,
    basedOnEvents: own.length,
    distinctActions: new Set(own.map((e) => e.eventName)).size,
    policy: suggestPolicy(own, { includeDenied }),
  };
}

/**
 * Suggests a least-privilege IAM policy for an identity from the calls it made successfully in the window.
 *
 * @example
 * const { policy } = await leastPrivilegePolicy({ provider }, { identity: 'alice' });
 */
export async function leastPrivilegePolicy(
  options: InsightsOptions,
  input: PolicyInput,
): Promise<PolicySuggestion> {
  const window = { startTime: input.startTime, endTime: input.endTime };
  const { events, truncated } = await readEvents(options, window, input.maxEvents ?? 50_000);
  return { ...policyFrom(events, input.identity, input.includeDenied), truncated };
}
