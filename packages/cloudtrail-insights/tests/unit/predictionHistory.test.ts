import { describe, expect, it } from 'vitest';
import { BehaviourModel, evaluate } from '../../src/index.js';
import { recentHistory } from '../../src/model/recentHistory.js';
import { currentSessionStart } from '../../src/model/sessionise.js';
import { syntheticEvents, T0 } from '../support/syntheticEvents.js';

const MINUTE = 60;

describe("the issue's history: the identity's calls of the last 30 minutes", () => {
  it('recentHistory keeps the calls of the window before the call, across session boundaries, with times', () => {
    // Prepare: a call 40 minutes back, a session gap, then two calls 5 and 1 minute before the predicted one
    const timeline = syntheticEvents(
      'alice',
      [
        ['Old', 0],
        ['Before', 20 * MINUTE],
        ['Recent', 55 * MINUTE],
        ['Latest', 59 * MINUTE],
        ['Next', 60 * MINUTE],
      ],
      { unitMs: 1000, userAgent: 'aws-cli/2' },
    );
    // Act
    const window = recentHistory(timeline, 4, 30);
    // Assess
    expect(window.history).toEqual(['Recent', 'Latest']);
    expect(window.times).toEqual([T0 + 55 * MINUTE * 1000, T0 + 59 * MINUTE * 1000]);
    expect(recentHistory(timeline, 4, 45).history).toEqual(['Before', 'Recent', 'Latest']);
  });

  it('evaluate predicts each test call from the last 30 minutes by default, the session so far on request', () => {
    // Prepare: alice mostly calls Other; her latest session polls three times, pauses 50 minutes (one session
    // with a 2-hour session gap) and polls again: only the session view still holds the polls.
    const calls: [string, number][] = Array.from({ length: 10 }, (_, i) => ['Other', i]);
    calls.push(['Poll', 3600], ['Poll', 3660], ['Poll', 3720], ['Poll', 3720 + 50 * MINUTE]);
    const options = { trainFraction: 0.95, sessionGapMinutes: 120 };
    // Act
    const recent = evaluate(
      syntheticEvents('alice', calls, { unitMs: 1000, userAgent: 'aws-cli/2' }),
      options,
    );
    const session = evaluate(syntheticEvents('alice', calls, { unitMs: 1000, userAgent: 'aws-cli/2' }), {
      ...options,
      history: 'session',
    });
    // Assess
    expect(recent.testEvents).toBe(1);
    expect(recent.history).toBe('recent');
    expect(recent.baselines.recency.top1).toBe(0); // nothing in the last 30 minutes: her most frequent call
    expect(session.history).toBe('session');
    expect(session.baselines.recency.top1).toBe(1); // the polls of the session so far
  });

  it("latestQuery gives the identity's calls of the 30 minutes up to its latest call, or its latest session", () => {
    // Prepare: one 50-minute session (calls 20 minutes apart)
    const model = BehaviourModel.fit(
      syntheticEvents(
        'alice',
        [
          ['A', 0],
          ['B', 20 * MINUTE],
          ['C', 40 * MINUTE],
          ['D', 50 * MINUTE],
        ],
        { unitMs: 1000, userAgent: 'aws-cli/2' },
      ),
    );
    // Act
    const recent = model.latestQuery('alice');
    const session = model.latestQuery('alice', 'session');
    // Assess
    expect(recent.history).toEqual(['B', 'C', 'D']);
    expect(recent.times).toHaveLength(3);
    expect(session.history).toEqual(['A', 'B', 'C', 'D']);
    expect(model.latestSessionQuery('alice')).toEqual(session);
    expect(model.latestQuery('nobody')).toEqual({ identity: 'nobody', history: [], times: [] });
  });
});

describe('a history that spans a session gap', () => {
  it('currentSessionStart finds the call after the latest gap longer than the session gap', () => {
    // Act / Assess
    expect(currentSessionStart([0, 60_000, 7_200_000], 30)).toBe(2);
    expect(currentSessionStart([0, 60_000, 120_000], 30)).toBe(0);
    expect(currentSessionStart([], 30)).toBe(0);
  });

  it('is read as two sessions: the n-gram context starts after the gap, so a session opening is predicted', () => {
    // Prepare: after A, B comes C; a session that opens with B goes on with D
    const calls: [string, number][] = [];
    for (let s = 0; s < 30; s++) {
      const t = s * 7200;
      calls.push(['A', t], ['B', t + 1], ['C', t + 2], ['B', t + 3600], ['D', t + 3601]);
    }
    const model = BehaviourModel.fit(
      syntheticEvents('alice', calls, { unitMs: 1000, userAgent: 'aws-cli/2' }),
      { sessionGapMinutes: 30, historyMinutes: 120 },
    );
    const rank = (names: string[], name: string) => names.indexOf(name);
    // Act
    const across = model
      .predictNext({ identity: 'alice', history: ['A', 'B'], times: [T0, T0 + 3_600_000] }, 10)
      .map((p) => p.eventName);
    const within = model
      .predictNext({ identity: 'alice', history: ['A', 'B'], times: [T0, T0 + 1000] }, 10)
      .map((p) => p.eventName);
    // Assess
    expect(rank(across, 'D')).toBeLessThan(rank(across, 'C'));
    expect(rank(within, 'C')).toBeLessThan(rank(within, 'D'));
  });
});

describe('nothing recent', () => {
  it("backs the recency cache off to the identity's most frequent calls, not the population's", () => {
    // Prepare: alice opens each session with a different one-off call, then polls one call: Describe in every
    // other session, a call of its own in the others (so repeating the latest call, the cache, is what predicts
    // her); bob's polling of List makes List the population's most frequent call and its usual session opening
    const calls: [string, number][] = [];
    for (let s = 0; s < 12; s++) {
      const t = s * 7200;
      const poll = s % 2 === 0 ? 'Describe' : `Poll${s}`;
      calls.push([`Open${s}`, t]);
      for (let i = 0; i < 8; i++) calls.push([poll, t + 2 + i]);
    }
    const bob: [string, number][] = [];
    for (let s = 0; s < 12; s++) for (let i = 0; i < 20; i++) bob.push(['List', s * 7200 + 3600 + i]);
    const model = BehaviourModel.fit([
      ...syntheticEvents('alice', calls, { unitMs: 1000, userAgent: 'aws-cli/2' }),
      ...syntheticEvents('bob', bob, { unitMs: 1000, userAgent: 'aws-cli/2' }),
    ]);
    // Act
    const [best] = model.predictNext({ identity: 'alice', history: [], times: [] }, 1);
    // Assess
    expect(best!.eventName).toBe('Describe');
  });
});
