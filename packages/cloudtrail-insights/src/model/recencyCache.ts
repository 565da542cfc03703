/** Calls of the session the cache looks back over. */
export const CACHE_WINDOW = 64;

/**
 * The cache component of the predictor: the distinct calls of this session ranked by how recently each was last
 * made (a move-to-front list, rank 0 for the latest call), weighted 2^(-rank / halfLife) and normalised. Sessions
 * repeat themselves (page reloads, polling, alternating between a few resources); ranking by last use rather than
 * summing occurrences lets a long polling run give way as soon as the work moves on. The cache also covers calls
 * the training data never saw.
 *
 * @example
 * recencyCache(['A', 'A', 'A', 'B'], 1); // Map { 'B' => 0.667, 'A' => 0.333 }
 * @internal
 */
export function recencyCache(history: readonly string[], halfLife: number): Map<string, number> {
  const out = new Map<string, number>();
  const from = Math.max(0, history.length - CACHE_WINDOW);
  let total = 0;
  for (let i = history.length - 1; i >= from; i--) {
    const token = history[i]!;
    if (out.has(token)) continue;
    const weight = 2 ** (-out.size / halfLife);
    out.set(token, weight);
    total += weight;
  }
  for (const [token, weight] of out) out.set(token, weight / total);
  return out;
}
