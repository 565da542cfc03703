import { seededRandom } from '@mv/testing';
import { describe, expect, it } from 'vitest';
import { BehaviourModel } from '../../src/index.js';
import { matchContinuation } from '../../src/model/matchContinuation.js';
import { holdOutBlocks } from '../../src/model/splitEvents.js';
import { syntheticEvents } from '../support/syntheticEvents.js';

describe('holdOutBlocks (rolling-origin validation)', () => {
  it('cuts the latest share into consecutive blocks, per identity for the per-identity split', () => {
    // Prepare
    const alice = syntheticEvents(
      'alice',
      Array.from({ length: 10 }, (_, i): [string, number] => [`A${i}`, i]),
      { unitMs: 1000 },
    );
    const bob = syntheticEvents(
      'bob',
      Array.from({ length: 10 }, (_, i): [string, number] => [`B${i}`, 100 + i]),
      { unitMs: 1000 },
    );
    // Act
    const byTime = holdOutBlocks([...bob, ...alice], 0.3, 3, 'time');
    const byIdentity = holdOutBlocks([...bob, ...alice], 0.3, 3, 'per-identity');
    // Assess
    expect([...byTime].map(([e, k]) => `${e.eventName}:${k}`).sort()).toEqual([
      'B4:0',
      'B5:0',
      'B6:1',
      'B7:1',
      'B8:2',
      'B9:2',
    ]);
    expect([...byIdentity].map(([e, k]) => `${e.eventName}:${k}`).sort()).toEqual([
      'A7:0',
      'A8:1',
      'A9:2',
      'B7:0',
      'B8:1',
      'B9:2',
    ]);
  });

  it('validates on the latest 30 % of the training events by default', () => {
    // Prepare
    const calls = Array.from({ length: 100 }, (_, i): [string, number] => [i % 2 ? 'Get' : 'List', i]);
    // Act
    const reliability = BehaviourModel.fit(syntheticEvents('alice', calls, { unitMs: 1000 })).reliability(
      'alice',
    );
    // Assess
    expect(reliability?.heldOutEvents).toBe(30);
  });
});

describe('matchContinuation', () => {
  it('predicts what followed the longest earlier match of the latest calls, a few calls ahead', () => {
    // Act
    const next = matchContinuation(['A', 'B', 'C', 'X', 'B', 'D', 'A', 'B']);
    // Assess: 'A B' matched at the start (longer than the later 'B'), so C, then X, then B
    expect([...next.keys()]).toEqual(['C', 'X', 'B']);
    expect([...next.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(matchContinuation(['A', 'B'])).toEqual(new Map());
  });
});

describe('session starts', () => {
  it("open with the identity's own habits, not the population's", () => {
    // Prepare: bob (many sessions) starts with ListBuckets; alice's sessions start with DescribeInstances.
    const day = 86_400;
    const bob = Array.from({ length: 30 }, (_, s): [string, number][] => [
      ['ListBuckets', s * day],
      ['GetObject', s * day + 5],
    ]).flat();
    const alice = Array.from({ length: 6 }, (_, s): [string, number][] => [
      ['DescribeInstances', s * day + 3600],
      ['StopInstances', s * day + 3605],
    ]).flat();
    const model = BehaviourModel.fit([
      ...syntheticEvents('bob', bob, { unitMs: 1000 }),
      ...syntheticEvents('alice', alice, { unitMs: 1000 }),
    ]);
    // Act
    const [best] = model.predictNext({ identity: 'alice', history: [], times: [] }, 1);
    // Assess
    expect(best!.eventName).toBe('DescribeInstances');
  });
});

describe('synthetic console sessions (generated, not a real data set)', () => {
  it('the match component lifts validation top-1 and MRR when a developer alternates between two pages that share calls', () => {
    // Prepare: each session alternates between two console pages of its own resources; both pages load the
    // same navigation call first, and within a page the calls come in the page's order, a second apart.
    const next = seededRandom(7);
    const calls: [string, number][] = [];
    for (let s = 0; s < 40; s++) {
      const page = (p: string) => ['Navigation', 'Describe', 'List', 'Get'].map((x) => `${x}${p}${s}`);
      const pages = [page('Vpc'), page('Instance')].map((p) => [`Navigation${s}`, ...p.slice(1)]);
      let t = s * 7200;
      for (let load = 0; load < 6; load++) {
        for (const name of pages[load % 2]!) {
          t += 1;
          calls.push([name, t]);
        }
        t += 5 + Math.floor(next() * 30);
      }
    }
    const model = BehaviourModel.fit(syntheticEvents('carol', calls, { unitMs: 1000 }));
    // Act
    const report = model.validationReport();
    // Assess
    const all = report.find((r) => r.variant === 'all components')!.scores;
    const withoutMatch = report.find((r) => r.variant === 'without match')!.scores;
    expect(all.top1).toBeGreaterThan(withoutMatch.top1);
    expect(all.mrr).toBeGreaterThan(withoutMatch.mrr);
  });
});
