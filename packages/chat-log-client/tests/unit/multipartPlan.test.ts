import { describe, expect, it } from 'vitest';
import { choosePartSize, MULTIPART_LIMITS } from '../../src/index.js';

const MiB = 2 ** 20;

describe('choosePartSize', () => {
  it.each([
    [100 * MiB, undefined, 5 * MiB],
    [5 * 2 ** 30, undefined, 5 * MiB],
    [100 * 2 ** 30, undefined, 11 * MiB],
    [MULTIPART_LIMITS.maxObjectSize, undefined, 525 * MiB],
    [100 * MiB, 1 * MiB, 5 * MiB],
    [100 * MiB, 64 * MiB, 64 * MiB],
  ])('size %i, asked %s -> %i', (size, requested, expected) => {
    const partSize = choosePartSize(size, requested);
    expect(partSize).toBe(expected);
    expect(Math.ceil(size / partSize)).toBeLessThanOrEqual(MULTIPART_LIMITS.maxParts);
    expect(partSize).toBeGreaterThanOrEqual(MULTIPART_LIMITS.minPartSize);
    expect(partSize).toBeLessThanOrEqual(MULTIPART_LIMITS.maxPartSize);
  });

  it('refuses what S3 cannot store', () => {
    expect(() => choosePartSize(MULTIPART_LIMITS.maxPartSize * MULTIPART_LIMITS.maxParts * 2)).toThrow(
      RangeError,
    );
  });
});
