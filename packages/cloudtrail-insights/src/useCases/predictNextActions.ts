import { z } from 'zod';
import { InvalidQueryError } from '../errors.js';
import { parseIsoTime } from '../isoTime.js';
import { BehaviourModel } from '../model/BehaviourModel.js';
import { ActiveHours, Prediction, Reliability } from '../types/Behaviour.js';
import type { InsightsOptions } from './InsightsOptions.js';
import { nextActions } from './nextActions.js';
import { readEvents } from './readEvents.js';
import type { WindowArgs } from './windowQuery.js';

/**
 * An identity's likely next calls, the calls they follow, and how reliable the model is for it.
 *
 * @example
 * const { predictions, reliability } = NextActionsAnswer.parse(answer);
 */
export const NextActionsAnswer = z.object({
  identity: z.string(),
  knownIdentity: z.boolean(),
  history: z.array(z.string()),
  predictions: z.array(Prediction),
  /** Held-out scores (`basis`: the identity's own calls, or everyone's); null before any held-out call. */
  reliability: Reliability.nullable(),
  activeHours: ActiveHours,
  trainedOn: z.number().int(),
  truncated: z.boolean(),
});
/** @see NextActionsAnswer */
export type NextActionsAnswer = z.infer<typeof NextActionsAnswer>;

/** What {@link predictNextActions} reads. */
export interface NextActionsInput extends WindowArgs {
  /** Identity (user name, role name) to predict for. */
  identity: string;
  /** Recent event names, oldest first (default: the identity's calls of the 30 minutes up to its latest call). */
  history?: string[];
  /** When each call of `history` was made (ISO 8601), one per call: enables the gap-state weights. */
  times?: string[];
  /** Predictions to return (default 5). */
  k?: number;
  /** Newest events the model learns from (default 20 000). */
  maxEvents?: number;
}

/**
 * Predicts an identity's next API calls from the window's history, with probabilities and the model's held-out
 * reliability for that identity.
 *
 * @example
 * const { predictions } = await predictNextActions({ provider }, { identity: 'alice', k: 3 });
 */
export async function predictNextActions(
  options: InsightsOptions,
  input: NextActionsInput,
): Promise<NextActionsAnswer> {
  const { identity, history, times, k, maxEvents, ...window } = input;
  const millis = times && historyTimes(times, history);
  const { events, truncated } = await readEvents(options, window, maxEvents ?? 20_000);
  const model = BehaviourModel.fit(events);
  return {
    identity,
    knownIdentity: model.eventsOf(identity).length > 0,
    ...nextActions(model, identity, k ?? 5, history, millis),
    reliability: model.reliability(identity) ?? null,
    activeHours: model.activeHours(identity),
    trainedOn: events.length,
    truncated,
  };
}

/** The history's times as milliseconds, checked before any event is read. */
function historyTimes(times: readonly string[], history: readonly string[] | undefined): number[] {
  if (!history || history.length !== times.length)
    throw new InvalidQueryError(
      `times has ${times.length} entries but history has ${history?.length ?? 0}: give one time per history call`,
    );
  return times.map((text, i) => {
    const ms = parseIsoTime(text);
    if (!Number.isFinite(ms))
      throw new InvalidQueryError(`times[${i}] is not an ISO 8601 time (e.g. 2024-08-01T12:19:08Z)`);
    return ms;
  });
}
