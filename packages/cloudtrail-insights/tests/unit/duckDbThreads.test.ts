import { thrownBy } from '@mv/testing';
import { describe, expect, it } from 'vitest';
import { memoryLimitBytes, READER_MIN_OBJECT_BYTES, readingThreads } from '../../src/query/duckDbThreads.js';
import { EngineConfigError } from '../../src/query/errors.js';

const MiB = 1024 * 1024;

describe('DuckDB thread sizing', () => {
  it.each([
    ['256MB', 256e6],
    ['1GiB', 1024 ** 3],
    ['1.5 GB', 1.5e9],
    ['512mib', 512 * MiB],
  ])('reads the memory limit %s as DuckDB does', (limit, bytes) => {
    // Act / Assess
    expect(memoryLimitBytes(limit)).toBe(bytes);
  });

  it('refuses a memory limit that is not a size', () => {
    // Act / Assess
    expect(() => memoryLimitBytes('lots')).toThrow(EngineConfigError);
  });

  it('runs as many threads as the limit carries, no more than the cores', () => {
    // Act / Assess: the default 256 MB carries 3 reading threads of small trail files.
    expect(readingThreads(256e6, READER_MIN_OBJECT_BYTES, 8)).toBe(3);
    expect(readingThreads(256e6, READER_MIN_OBJECT_BYTES, 2)).toBe(2);
    expect(readingThreads(2 * 1024 ** 3, READER_MIN_OBJECT_BYTES, 64)).toBe(31);
    // Files of 40 MiB of JSON: each reading thread holds 80 MiB of text.
    expect(readingThreads(256e6, 40 * MiB, 3)).toBe(1);
  });

  it('says how much one thread needs when the limit cannot carry it', () => {
    // Act
    const error = thrownBy(() => readingThreads(64e6, READER_MIN_OBJECT_BYTES, 2), EngineConfigError);
    // Assess
    expect(error.message).toMatch(/about 96 MiB/);
  });
});
