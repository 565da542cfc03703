import type { BehaviourModel } from '../model/BehaviourModel.js';
import type { Prediction } from '../types/Behaviour.js';

/** Ranked next calls and the calls they follow. */
export interface NextActions {
  history: string[];
  predictions: Prediction[];
}

/**
 * An identity's likely next calls: after the given history, or by default after its latest session (its calls and
 * their times, as the model defines it). The one definition of "what next" for the report, the dashboard and
 * `predict_next_actions`.
 *
 * @example
 * const { history, predictions } = nextActions(BehaviourModel.fit(events), 'alice', 3);
 */
export function nextActions(
  model: BehaviourModel,
  identity: string,
  k: number,
  history?: string[],
): NextActions {
  const query = history ? { identity, history } : model.latestSessionQuery(identity);
  return { history: [...query.history], predictions: model.predictNext(query, k) };
}
