import { CloudTrailClient, LookupEventsCommand, ThrottlingException } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CallPacer,
  CloudTrailThrottledError,
  InvalidQueryError,
  LookupEventsSource,
  type PacerClock,
} from '../../src/index.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

expect.extend(allCustomMatcher);

// 150 real records (the fixtures cycled, with unique event ids) so pages can be full.
const fixtures = rawRecords(FIXTURE_DIR);
const records = Array.from({ length: 150 }, (_, i) => ({
  ...fixtures[i % fixtures.length]!,
  eventID: `event-${i}`,
}));
const asEvents = (slice: Record<string, unknown>[]) =>
  slice.map((r) => ({
    EventId: String(r.eventID),
    EventName: String(r.eventName),
    CloudTrailEvent: JSON.stringify(r),
  }));

const cloudtrail = mockClient(CloudTrailClient);
let accountCounter = 0;

/** A fresh account id per test so each test has its own pacer, fast enough not to slow the suite. */
function source(options: Partial<ConstructorParameters<typeof LookupEventsSource>[0]> = {}) {
  accountCounter++;
  return new LookupEventsSource({
    region: 'eu-west-1',
    accountId: `acct-${accountCounter}`,
    callsPerSecond: 1000,
    baseDelayMs: 1,
    ...options,
  });
}

function throttle() {
  return new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
}

describe('LookupEventsSource', () => {
  beforeEach(() => {
    cloudtrail.reset();
  });

  it('reads every page with Start/End fixed across pages and one lookup attribute', async () => {
    // Prepare
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: asEvents(records.slice(0, 50)), NextToken: 't1' })
      .resolvesOnce({ Events: asEvents(records.slice(50, 100)), NextToken: 't2' })
      .resolvesOnce({ Events: asEvents(records.slice(100, 120)) });
    // Act
    const result = await source().lookup({
      startTime: '2024-07-01T00:00:00Z',
      endTime: new Date('2024-12-01T00:00:00Z'),
      attribute: { key: 'Username', value: 'christophe' },
    });
    // Assess
    expect(result).toMatchObject({ pages: 3, truncated: false, throttledRetries: 0 });
    expect(result.events.map((e) => e.eventId)).toEqual(records.slice(0, 120).map((r) => r.eventID));
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
    const inputs = cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 't1', 't2']);
    for (const input of inputs) {
      expect(input.StartTime).toEqual(new Date('2024-07-01T00:00:00Z'));
      expect(input.EndTime).toEqual(new Date('2024-12-01T00:00:00Z'));
      expect(input.MaxResults).toBe(50);
      expect(input.LookupAttributes).toEqual([{ AttributeKey: 'Username', AttributeValue: 'christophe' }]);
    }
  });

  it('defaults to the last 24 hours', async () => {
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
    const result = await source().lookup();
    const input = cloudtrail.commandCalls(LookupEventsCommand)[0]!.args[0].input;
    expect(input.EndTime!.getTime() - input.StartTime!.getTime()).toBe(24 * 3600 * 1000);
    expect(Date.parse(result.endTime)).toBe(input.EndTime!.getTime());
  });

  it('stops at maxEvents and says the result is truncated', async () => {
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: asEvents(records.slice(0, 50)), NextToken: 't1' })
      .resolvesOnce({ Events: asEvents(records.slice(50, 100)), NextToken: 't2' });
    const result = await source().lookup({ maxEvents: 60 });
    expect(result.events).toHaveLength(60);
    expect(result.truncated).toBe(true);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 2);

    cloudtrail.reset();
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: asEvents(records.slice(0, 50)), NextToken: 't1' });
    const exact = await source().lookup({ maxEvents: 50 });
    expect(exact).toMatchObject({ truncated: true, pages: 1 });
  });

  it('stops after the time budget with the pages read so far, and says so', async () => {
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: asEvents(records.slice(0, 50)), NextToken: 't1' })
      .resolvesOnce({ Events: asEvents(records.slice(50, 100)), NextToken: 't2' });
    const result = await source().lookup({ timeBudgetMs: 0 });
    expect(result).toMatchObject({ pages: 1, truncated: true });
    expect(result.events).toHaveLength(50);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
  });

  it('retries ThrottlingException with backoff and loses no page', async () => {
    cloudtrail
      .on(LookupEventsCommand)
      .rejectsOnce(throttle())
      .resolvesOnce({ Events: asEvents(records.slice(0, 50)), NextToken: 't1' })
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .resolvesOnce({ Events: asEvents(records.slice(50, 60)) });
    const result = await source().lookup();
    expect(result.events).toHaveLength(60);
    expect(result.throttledRetries).toBe(3);
    const tokens = cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.NextToken);
    expect(tokens).toEqual([undefined, undefined, 't1', 't1', 't1']);
  });

  it('gives up after maxRetries with an error that says what to do', async () => {
    cloudtrail.on(LookupEventsCommand).rejects(throttle());
    const error = await source({ maxRetries: 2 })
      .lookup()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudTrailThrottledError);
    expect((error as Error).message).toMatch(/try again later/);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
  });

  it('retries server errors and connection resets, without counting them as throttling', async () => {
    const serverError = Object.assign(new Error('internal'), {
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    cloudtrail
      .on(LookupEventsCommand)
      .rejectsOnce(serverError)
      .rejectsOnce(reset)
      .resolvesOnce({ Events: asEvents(records.slice(0, 10)) });
    const result = await source().lookup();
    expect(result.events).toHaveLength(10);
    expect(result.throttledRetries).toBe(0);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
  });

  it('does not retry other errors', async () => {
    cloudtrail.on(LookupEventsCommand).rejects(new Error('AccessDenied'));
    await expect(source().lookup()).rejects.toThrow('AccessDenied');
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
  });

  it('rejects a bad time range before calling AWS', async () => {
    await expect(source().lookup({ startTime: 'yesterday-ish' })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(
      source().lookup({ startTime: '2024-02-01T00:00:00Z', endTime: '2024-01-01T00:00:00Z' }),
    ).rejects.toThrow(/after endTime/);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 0);
  });

  it('takes the Region from configuration and shares one pacer per account and Region', async () => {
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
    const a = new LookupEventsSource({
      region: 'ap-northeast-1',
      accountId: 'shared-acct',
      callsPerSecond: 1000,
    });
    const b = new LookupEventsSource({
      region: 'ap-northeast-1',
      accountId: 'shared-acct',
      callsPerSecond: 1000,
    });
    const other = new LookupEventsSource({
      region: 'eu-central-1',
      accountId: 'shared-acct',
      callsPerSecond: 1000,
    });
    expect(await a.region()).toBe('ap-northeast-1');
    await Promise.all([a.lookup(), b.lookup(), other.lookup()]);
    expect((await a.pacingState()).key).toBe('shared-acct|ap-northeast-1');
    expect((await b.pacingState()).calls).toBe(2);
    expect((await other.pacingState()).calls).toBe(1);
  });

  it('takes its account from its options only, never from the environment', async () => {
    // Prepare: the MCP server reads AWS_ACCOUNT_ID once, at start, and passes it as `accountId`.
    vi.stubEnv('AWS_ACCOUNT_ID', '999999999999');
    try {
      // Act
      const source = new LookupEventsSource({ region: 'sa-east-1' });
      // Assess: no account given, so every caller of the Region shares one budget.
      expect((await source.pacingState()).key).toBe('default|sa-east-1');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('CallPacer', () => {
  it('hands out slots 1/rate apart, in call order, to concurrent callers', async () => {
    let now = 1_000_000;
    const starts: number[] = [];
    const clock: PacerClock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    const pacer = new CallPacer('test|pacing', 2, clock);
    // Each call moves the clock on by the time it waited, as a real clock would.
    for (let i = 0; i < 5; i++) {
      await pacer.acquire();
      starts.push(now);
    }
    expect(starts.map((t) => t - starts[0]!)).toEqual([0, 525, 1050, 1575, 2100]);
    expect(pacer.state()).toMatchObject({ calls: 5, callsPerSecond: 2, waiting: 0 });
    pacer.noteThrottled(3000);
    await pacer.acquire();
    expect(now - starts[4]!).toBe(3000);
    expect(pacer.state().throttled).toBe(1);
  });

  it('is one instance per key in the process', () => {
    expect(CallPacer.for('k|r', 2)).toBe(CallPacer.for('k|r', 2));
    expect(CallPacer.for('k|r', 1).state().callsPerSecond).toBe(1);
  });
});
