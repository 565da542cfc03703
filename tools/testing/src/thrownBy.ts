/**
 * The error `act` throws, checked to be a `type` (anything else, or nothing thrown, fails the test with the reason),
 * so a test can assert on its fields.
 *
 * @example
 * const error = thrownBy(() => loadConfig({}), ConfigError);
 * expect(error.variable).toBe('S3_BUCKET_NAME');
 */
export function thrownBy<E extends Error>(act: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    act();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name} to be thrown, but nothing was`);
}
