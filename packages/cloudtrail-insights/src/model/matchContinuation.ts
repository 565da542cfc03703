import { CACHE_WINDOW } from './recencyCache.js';

/** Longest context the match component looks for. */
const MAX_MATCH = 8;
/** Calls after the matched place it predicts: calls of one second reach CloudTrail in any order. */
const LOOKAHEAD = 3;

/**
 * The match component of the predictor (the "match model" of context-mixing compressors): the latest earlier
 * place in this session whose preceding calls match the longest suffix of the history (at most
 * {@link MAX_MATCH} calls), and the calls that followed it there, weighted 1, 1/2, 1/4 and normalised. A page
 * reloaded or a tool's loop run again replays its calls in the same order, so what followed the same context
 * the last time is what comes next; looking a few calls ahead covers the calls of one second, whose order in
 * CloudTrail is arbitrary. Empty when the latest call was not made before in the window.
 *
 * @example
 * matchContinuation(['A', 'B', 'C', 'A', 'B']); // Map { 'C' => 0.571, 'A' => 0.286, 'B' => 0.143 }
 * @internal
 */
export function matchContinuation(history: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const n = history.length;
  const from = Math.max(0, n - CACHE_WINDOW);
  let bestLength = 0;
  let bestEnd = -1;
  for (let end = n - 2; end >= from && bestLength < MAX_MATCH; end--) {
    let length = 0;
    while (length < MAX_MATCH && end - length >= from && history[end - length] === history[n - 1 - length])
      length++;
    if (length > bestLength) {
      bestLength = length;
      bestEnd = end;
    }
  }
  if (bestLength === 0) return out;
  let total = 0;
  for (let j = 1; j <= LOOKAHEAD && bestEnd + j < n; j++) {
    const weight = 2 ** (1 - j);
    out.set(history[bestEnd + j]!, (out.get(history[bestEnd + j]!) ?? 0) + weight);
    total += weight;
  }
  for (const [token, weight] of out) out.set(token, weight / total);
  return out;
}
