import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../src/thrownBy.ts';

class SettingError extends Error {
  readonly variable = 'PORT';
}

describe('thrownBy', () => {
  it('gives the thrown error of the type, rethrows any other and fails when nothing is thrown', () => {
    // Act
    const caught = thrownBy(() => {
      throw new SettingError('bad');
    }, SettingError);
    // Assess
    expect(caught.variable).toBe('PORT');
    expect(() =>
      thrownBy(() => {
        throw new TypeError('other');
      }, SettingError),
    ).toThrow(TypeError);
    expect(() => thrownBy(() => 1, SettingError)).toThrow(
      'expected a SettingError to be thrown, but nothing was',
    );
  });
});
