import { describe, expect, it } from 'vitest';
import { fitMixtureWeights } from '../../src/model/fitMixtureWeights.js';
import { rankOf } from '../../src/model/rankingChoice.js';
import { recencyCache } from '../../src/model/recencyCache.js';
import { PROBABILITY_FLOOR, ScoreAccumulator } from '../../src/model/ScoreAccumulator.js';

describe('ScoreAccumulator', () => {
  it('counts top-1/top-3, reciprocal ranks (ties by name) and floored log-loss', () => {
    // Prepare
    const scores = new ScoreAccumulator();
    const distribution = new Map([
      ['C', 0.4],
      ['B', 0.3],
      ['A', 0.3],
    ]);
    // Act
    scores.add(distribution, 'C');
    scores.add(distribution, 'B');
    scores.add(distribution, 'Z');
    // Assess
    const result = scores.result();
    expect(result.top1).toBeCloseTo(1 / 3, 4);
    expect(result.top3).toBeCloseTo(2 / 3, 4);
    expect(result.mrr).toBeCloseTo((1 + 1 / 3) / 3, 4);
    expect(result.logLoss).toBeCloseTo(-(Math.log(0.4) + Math.log(0.3) + Math.log(PROBABILITY_FLOOR)) / 3, 3);
  });
});

describe('fitMixtureWeights', () => {
  it('moves weight to the component that explains the held-out calls, and stays uniform without data', () => {
    // Prepare
    const points = Array.from({ length: 50 }, () => ({ probabilities: [0.9, 0.05], group: 0 }));
    // Act
    const fitted = fitMixtureWeights(points, 2, 2);
    const empty = fitMixtureWeights([], 2, 2);
    // Assess
    expect(fitted.pooled[0]).toBeGreaterThan(0.9);
    expect(fitted.byGroup[0]![0]).toBeGreaterThan(0.9);
    expect(fitted.byGroup[1]).toEqual(fitted.pooled);
    expect(empty.pooled).toEqual([0.5, 0.5]);
  });
});

describe('recencyCache', () => {
  it('ranks distinct calls by last use, halving per place with half-life 1', () => {
    // Act
    const cache = recencyCache(['A', 'A', 'A', 'B'], 1);
    // Assess
    expect(cache.get('B')).toBeCloseTo(2 / 3, 9);
    expect(cache.get('A')).toBeCloseTo(1 / 3, 9);
  });
});

describe('rankOf (the ranking-aware choice)', () => {
  it('breaks ties by name, as the scores and predictNext do', () => {
    // Prepare
    const p = Float64Array.of(0.4, 0.4, 0.2);
    // Act / Assess
    expect(rankOf(p, ['Put', 'Get', 'List'], 0)).toBe(2);
    expect(rankOf(p, ['Put', 'Get', 'List'], 1)).toBe(1);
    expect(rankOf(p, ['Put', 'Get', 'List'], 2)).toBe(3);
  });
});
