import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFastGuard } from '../../src/fastGuard.js';
import { CloudTrailRecord } from '../../src/index.js';
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
