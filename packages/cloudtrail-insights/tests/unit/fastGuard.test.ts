import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFastGuard } from '../../src/fastGuard.js';
import { CloudTrailRecord, normaliseRecord, parseCloudTrailDetailed } from '../../src/index.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

const guard = compileFastGuard(CloudTrailRecord);
const records = rawRecords(FIXTURE_DIR);

/** Every field of a record replaced, in turn, by values of the wrong (and right) types. */
function mutations(record: Record<string, unknown>): unknown[] {
  const odd = [
    undefined,
    null,
    42,
    true,
    'text',
    [],
    {},
    { type: 7 },
    { sessionContext: { sessionIssuer: { userName: 1 } } },
  ];
  const out: unknown[] = [];
  for (const key of [...Object.keys(record), 'userIdentity', 'readOnly', 'errorCode']) {
    for (const value of odd) out.push({ ...record, [key]: value });
  }
  const identity = record.userIdentity as Record<string, unknown>;
  for (const key of Object.keys(identity))
    for (const value of odd) out.push({ ...record, userIdentity: { ...identity, [key]: value } });
  return out;
}

describe('compileFastGuard', () => {
  it('accepts the real records, as the schema does', () => {
    for (const record of records) expect(guard(record)).toBe(true);
  });

  it('never accepts what the schema rejects (thousands of mutated records)', () => {
    let accepted = 0;
    let checked = 0;
    for (const record of records.slice(0, 20)) {
      for (const candidate of mutations(record)) {
        checked++;
        if (guard(candidate)) {
          accepted++;
          expect(CloudTrailRecord.safeParse(candidate).success).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(checked);
  });

  it('declines schemas it cannot compile, leaving them to zod', () => {
    expect(compileFastGuard(z.object({ a: z.string() }))({ a: 'x' })).toBe(false);
    expect(compileFastGuard(z.looseObject({ a: z.string().min(1) }))({ a: 'x' })).toBe(false);
    expect(compileFastGuard(z.looseObject({ a: z.number() }))({ a: 1 })).toBe(false);
  });
});

/** A small deterministic PRNG (LCG), so the property tests below are reproducible without a dependency. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Random values shaped like CloudTrail records: every field the schema knows (nested ones included) gets, at
 * random, a value of the right type, of a wrong type, `null`, `undefined`, or is left out; unknown fields too.
 */
function randomRecords(count: number, seed: number): unknown[] {
  const random = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => 'text',
      () => '',
      () => true,
      () => false,
      () => 0,
      () => 1.5,
      () => null,
      () => undefined,
      () => [],
      () => ['a'],
      () => ({}),
      () => ({ type: 'x' }),
      () => new Date(0),
    ])();
  const field = (right: () => unknown): unknown => (random() < 0.75 ? right() : scalar());
  const object = (fields: Record<string, () => unknown>): unknown => {
    if (random() < 0.05) return scalar();
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) if (random() < 0.85) out[key] = field(value);
    if (random() < 0.3) out.extra = scalar();
    return out;
  };
  const str = () => pick(['a', 'IAMUser', 'AssumedRole', 'AWSReservedSSO_x', '2024-01-01T00:00:00Z']);
  const identity = () =>
    object({
      type: str,
      principalId: str,
      arn: str,
      accountId: str,
      userName: str,
      invokedBy: str,
      accessKeyId: str,
      sessionContext: () =>
        object({
          sessionIssuer: () => object({ type: str, userName: str, arn: str }),
          attributes: () => ({}),
        }),
      onBehalfOf: () => object({ userId: str, identityStoreArn: str }),
    });
  const record = () =>
    object({
      eventTime: str,
      eventName: str,
      eventSource: str,
      eventID: str,
      eventVersion: str,
      eventType: str,
      awsRegion: str,
      sourceIPAddress: str,
      userAgent: str,
      errorCode: () => (random() < 0.5 ? null : 'AccessDenied'),
      errorMessage: () => (random() < 0.5 ? null : 'no'),
      readOnly: () => pick([true, false, 'true', 'false', 'maybe']),
      recipientAccountId: str,
      userIdentity: identity,
      requestParameters: () => ({ bucketName: 'b' }),
    });
  return Array.from({ length: count }, record);
}

function holdsNonPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return false; // arrays are rejected by both wherever an object is expected
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return true;
  return Object.values(value).some(holdsNonPlainObject);
}

describe('compileFastGuard: generated code and closures accept exactly what the schema accepts', () => {
  const closures = compileFastGuard(CloudTrailRecord, { codegen: false });
  const candidates = [
    ...records,
    ...records.slice(0, 10).flatMap((r) => mutations(r)),
    ...randomRecords(20_000, 1),
    ...randomRecords(20_000, 2),
  ];

  it('agree with zod on every candidate, and accepted records come out of zod unchanged', () => {
    let accepted = 0;
    let exact = 0;
    for (const candidate of candidates) {
      const result = CloudTrailRecord.safeParse(candidate);
      const fast = guard(candidate);
      // Exactly zod's answer, except that objects zod would copy (a Date, a class instance) are left to zod.
      if (fast !== result.success) expect([fast, holdsNonPlainObject(candidate)]).toEqual([false, true]);
      else exact++;
      expect(closures(candidate)).toBe(fast);
      if (fast) {
        accepted++;
        expect(result.data).toEqual(candidate);
      }
    }
    // Both outcomes are well represented.
    expect(accepted).toBeGreaterThan(1000);
    expect(candidates.length - accepted).toBeGreaterThan(1000);
    expect(exact).toBeGreaterThan(candidates.length * 0.95);
  });

  it('generates code for nested loose objects, unions and nullables', () => {
    const schema = z.looseObject({
      a: z.union([z.boolean(), z.string()]),
      b: z.string().nullish(),
      c: z.looseObject({ d: z.looseObject({ e: z.string() }).optional() }),
    });
    const fast = compileFastGuard(schema);
    expect(fast.name).toBe('fastGuard');
    const values = [
      { a: true, c: {} },
      { a: 'x', b: null, c: { d: { e: 'y' } } },
      { a: 1, c: {} },
      { a: true, b: 2, c: {} },
      { a: true, c: { d: { e: 1 } } },
      { a: true, c: [] },
      { a: true },
      [],
      null,
      'x',
    ];
    for (const value of values) expect(fast(value)).toBe(schema.safeParse(value).success);
  });

  it('parseCloudTrailDetailed gives, record by record, exactly what zod safeParse + normaliseRecord give', () => {
    const sample = [
      ...records,
      ...records.slice(0, 5).flatMap((r) => mutations(r)),
      ...randomRecords(20_000, 3),
    ];
    // Only object candidates: other values (arrays of records, LookupEvents pages) are input forms, not records.
    const objects = sample.filter(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        !Array.isArray(c) &&
        !('Records' in c) &&
        !('Events' in c) &&
        !('EventId' in c),
    );
    const { events, rejected } = parseCloudTrailDetailed(objects);
    const expected = objects.map((candidate) => {
      const result = CloudTrailRecord.safeParse(candidate);
      return result.success ? normaliseRecord(result.data) : undefined;
    });
    expect(events).toEqual(expected.filter((e) => e !== undefined));
    expect(rejected.map((r) => r.index)).toEqual(
      expected.flatMap((e, index) => (e === undefined ? [index] : [])),
    );
    expect(events.length).toBeGreaterThan(500);
    expect(rejected.length).toBeGreaterThan(1000);
  });
});
