import { describe, expect, it } from 'vitest';
import { BehaviourModel, InvalidQueryError, type ParsedEvent, parseCloudTrail } from '../../src/index.js';
import { fixtureEvents } from '../support/fixtures.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0);

function record(identity: string, eventName: string, seconds: number, eventSource = 's3.amazonaws.com') {
  return {
    eventTime: new Date(T0 + seconds * 1000).toISOString(),
    eventName,
    eventSource,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '192.0.2.1',
    userAgent: 'aws-cli/2',
    userIdentity: { type: 'IAMUser', userName: identity },
  };
}

/** Sessions an hour apart, each its calls a second apart. */
function sessions(identity: string, list: string[][]): ParsedEvent[] {
  return parseCloudTrail(
    list.flatMap((names, s) => names.map((name, i) => record(identity, name, s * 3600 + i))),
  );
}

const sum = (xs: { probability: number }[]) => xs.reduce((a, p) => a + p.probability, 0);

describe('predictNext probabilities', () => {
  const model = BehaviourModel.fit(fixtureEvents());

  it('sum to 1 in every gap state, for known and unknown identities and unseen calls', () => {
    // Prepare
    const queries = [
      { identity: 'christophe', history: [] },
      { identity: 'christophe', history: ['DescribeInstances', 'StopInstances'], times: [T0, T0 + 500] },
      { identity: 'christophe', history: ['DescribeInstances', 'StopInstances'], times: [T0, T0 + 30_000] },
      { identity: 'christophe', history: ['DescribeInstances', 'StopInstances'], times: [T0, T0 + 600_000] },
      { identity: 'nobody', history: ['NeverSeenCall', 'NeverSeenCall'] },
      { history: ['GetPasswordData'] },
    ];
    for (const query of queries) {
      // Act
      const all = model.predictNext(query, 10_000);
      // Assess
      expect(sum(all)).toBeCloseTo(1, 9);
      expect(all.every((p) => p.probability > 0)).toBe(true);
    }
  });

  it('predicts a call the training never saw once the session made it (the cache)', () => {
    // Act
    const [best] = model.predictNext({ identity: 'nobody', history: ['NeverSeenCall', 'NeverSeenCall'] }, 1);
    // Assess
    expect(best!.eventName).toBe('NeverSeenCall');
  });

  it('rejects times that do not match the history with a typed error', () => {
    // Act / Assess
    expect(() => model.predictNext({ history: ['A', 'B'], times: [T0] })).toThrow(InvalidQueryError);
    expect(() => model.predictNext({ history: ['A'], times: [Number.NaN] })).toThrow(InvalidQueryError);
  });
});

describe('fitted mixture', () => {
  it('fits weights that sum to 1 per gap state and leans on the session components when sessions repeat', () => {
    // Prepare: each session polls a call of its own, never seen before it.
    const polls = Array.from({ length: 12 }, (_, s) => [`Start${s}`, ...new Array(8).fill(`Poll${s}`)]);
    // Act
    const fitted = BehaviourModel.fit(sessions('alice', polls)).fittedPredictor();
    // Assess
    for (const weights of Object.values(fitted.weights))
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    const local = (['cache', 'session', 'match'] as const).map(
      (c) => fitted.weights.burst[fitted.components.indexOf(c)]!,
    );
    expect(local.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.9);
  });

  it('follows a sequence the session already ran (the session component), not only the latest calls', () => {
    // Prepare: a page load of four calls, reloaded; each session uses names of its own.
    const pages = Array.from({ length: 10 }, (_, s) => {
      const page = ['A', 'B', 'C', 'D'].map((x) => `${x}${s}`);
      return [...page, ...page, ...page];
    });
    const model = BehaviourModel.fit(sessions('alice', pages));
    // Act: after A, B, C, D, A of a fresh page, the most recent distinct calls are A, D, C.
    const [best] = model.predictNext({ identity: 'alice', history: ['Ax', 'Bx', 'Cx', 'Dx', 'Ax'] }, 1);
    // Assess
    expect(best!.eventName).toBe('Bx');
  });
});

describe('reliability', () => {
  const model = BehaviourModel.fit(fixtureEvents());

  it("is the identity's own held-out score when it has enough held-out calls, else the population's", () => {
    // Act
    const own = model.reliability('christophe');
    const rare = model.reliability('stratus_red_team');
    // Assess
    expect(own).toMatchObject({ basis: 'identity' });
    expect(own!.heldOutEvents).toBeGreaterThanOrEqual(20);
    expect(own!.top3).toBeGreaterThan(0.5);
    expect(rare).toMatchObject({ basis: 'population' });
  });

  it('gives the query for the latest session of an identity, with times', () => {
    // Act
    const query = model.latestQuery('test-role', 'session');
    // Assess
    expect(query.history).toHaveLength(15);
    expect(query.times).toHaveLength(15);
    expect(model.latestQuery('nobody', 'session')).toEqual({ identity: 'nobody', history: [], times: [] });
  });
});
