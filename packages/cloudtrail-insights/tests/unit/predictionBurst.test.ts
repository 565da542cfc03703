import { seededRandom } from '@mv/testing';
import { describe, expect, it } from 'vitest';
import { BehaviourModel } from '../../src/index.js';
import { BurstSets, burstsOf, currentBurst } from '../../src/model/burstSets.js';
import { recencyBackoff } from '../../src/model/chooseMixture.js';
import { syntheticEvents } from '../support/syntheticEvents.js';

describe('burst sets', () => {
  it('cut calls at gaps over a second and take the latest burst of a timed history', () => {
    // Act / Assess
    expect(
      burstsOf([
        { eventName: 'A', timestamp: 0 },
        { eventName: 'B', timestamp: 800 },
        { eventName: 'C', timestamp: 5_000 },
      ]),
    ).toEqual([['A', 'B'], ['C']]);
    expect(currentBurst(['A', 'B', 'C'], [0, 60_000, 60_500])).toEqual(['B', 'C']);
    expect(currentBurst(['A', 'B'])).toEqual([]);
  });

  it('predict the calls that shared bursts with the burst so far, not the ones it already made', () => {
    // Prepare
    const bursts = new BurstSets();
    bursts.add(['DescribeInstances', 'DescribeTags', 'DescribeAddresses']);
    bursts.add(['DescribeInstances', 'DescribeTags']);
    // Act
    const next = bursts.next(['DescribeTags']);
    // Assess
    expect(Object.fromEntries(next)).toEqual({ DescribeInstances: 2 / 3, DescribeAddresses: 1 / 3 });
    expect(bursts.next(['DescribeInstances', 'DescribeTags', 'DescribeAddresses']).size).toBe(0);
  });
});

describe('synthetic console page loads (generated, not a real data set)', () => {
  it('the burst component lifts validation top-3 and MRR when pages fire their calls in any order', () => {
    // Prepare: 12 pages of 4-8 calls each; a page load fires its calls within a second in a random order,
    // then the developer opens another page 3-30 seconds later.
    const next = seededRandom(11);
    const pages = Array.from({ length: 12 }, (_, p) =>
      Array.from({ length: 4 + Math.floor(next() * 5) }, (_, c) => `Page${p}Call${c}`),
    );
    const calls: [string, number][] = [];
    let t = 0;
    for (let load = 0; load < 200; load++) {
      const page = pages[Math.floor(next() * pages.length)]!;
      const order = [...page].sort(() => next() - 0.5);
      order.forEach((name, i) => {
        calls.push([name, t + Math.floor((i * 900) / order.length)]);
      });
      t += 3_000 + Math.floor(next() * 27_000);
    }
    const model = BehaviourModel.fit(syntheticEvents('carol', calls));
    // Act
    const report = model.validationReport();
    // Assess
    const all = report.find((r) => r.variant === 'all components')!.scores;
    const withoutBurst = report.find((r) => r.variant === 'without burst')!.scores;
    expect(all.top3).toBeGreaterThan(withoutBurst.top3 + 0.05);
    expect(all.mrr).toBeGreaterThan(withoutBurst.mrr);
    expect(all.logLoss).toBeLessThan(withoutBurst.logLoss);
  });
});

describe('recency back-off', () => {
  it('ranks every call of the history above every other call and still sums to 1', () => {
    // Prepare: the mixture put a call the history does not hold first
    const distribution = new Map([
      ['New', 0.5],
      ['Old', 0.1],
      ['Older', 0.05],
      ['Other', 0.35],
    ]);
    // Act
    const backed = recencyBackoff(distribution, ['Older', 'Old']);
    // Assess
    const ranked = [...backed].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    expect(ranked).toEqual(['Old', 'Older', 'New', 'Other']);
    expect([...backed.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is left out when the held-out calls do not rank better with it', () => {
    // Prepare: a routine whose next call is never a repeat of the last ones
    const calls: [string, number][] = [];
    for (let s = 0; s < 40; s++)
      ['Login', 'ListBuckets', 'GetObject', 'PutObject'].forEach((name, i) => {
        calls.push([name, s * 7_200_000 + i * 5_000]);
      });
    // Act
    const fitted = BehaviourModel.fit(syntheticEvents('dave', calls)).fittedPredictor();
    // Assess
    expect(fitted.recencyBackoff).toBe(false);
  });
});
