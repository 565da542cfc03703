import type { BehaviourModel } from '../model/BehaviourModel.js';
import type { Prediction } from '../types/Behaviour.js';

/** Ranked next calls and the calls they follow. */
export interface NextActions {
  history: string[];
  predictions: Prediction[];
}

/**
 * An identity's likely next calls: after the given history (with its times when the caller has them), or by
 * default after its latest call, from its calls of the 30 minutes up to it with their times (the history the
 * model is validated on). The one definition of "what next" for the report, the dashboard and
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
  times?: number[],
): NextActions {
  const query = history ? { identity, history, times } : model.latestQuery(identity);
  return { history: [...query.history], predictions: model.predictNext(query, k) };
}
