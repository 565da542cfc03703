/** One held-out call: the probability each component gave it, and the group (gap state) whose weights apply. */
export interface MixturePoint {
  probabilities: readonly number[];
  group: number;
}

/** Pooled weights (all groups) and weights per group, each summing to 1. @internal */
export interface MixtureWeights {
  pooled: number[];
  byGroup: number[][];
}

/**
 * Maximum-a-posteriori EM for the weights of a linear mixture of fixed distributions (Jelinek-Mercer
 * interpolation): the pooled weights with a uniform Dirichlet prior of `priorStrength` pseudo-points, then each
 * group's weights with the pooled weights as prior, so a group with little data stays near the pooled weights.
 * Points that no component could explain carry no information about the weights and are skipped.
 *
 * @example
 * fitMixtureWeights([{ probabilities: [0.9, 0.1], group: 0 }], 1, 2).pooled; // leans to component 0
 * @internal
 */
export function fitMixtureWeights(
  points: readonly MixturePoint[],
  groups: number,
  components: number,
  priorStrength = 2,
  iterations = 40,
): MixtureWeights {
  const useful = points.filter((p) => p.probabilities.some((x) => x > 0));
  const uniform = new Array<number>(components).fill(1 / components);
  const pooled = em(useful, uniform, priorStrength, iterations);
  const byGroup = Array.from({ length: groups }, (_, g) =>
    em(
      useful.filter((p) => p.group === g),
      pooled,
      priorStrength,
      iterations,
    ),
  );
  return { pooled, byGroup };
}

function em(
  points: readonly MixturePoint[],
  prior: readonly number[],
  strength: number,
  iterations: number,
): number[] {
  let weights = [...prior];
  const k = prior.length;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const responsibility = prior.map((p) => p * strength);
    for (const { probabilities } of points) {
      let total = 0;
      for (let j = 0; j < k; j++) total += weights[j]! * probabilities[j]!;
      if (total <= 0) continue;
      for (let j = 0; j < k; j++) responsibility[j]! += (weights[j]! * probabilities[j]!) / total;
    }
    const sum = responsibility.reduce((a, b) => a + b, 0);
    const next = responsibility.map((r) => r / sum);
    const change = next.reduce((a, w, j) => a + Math.abs(w - weights[j]!), 0);
    weights = next;
    if (change < 1e-4) break;
  }
  return weights;
}
