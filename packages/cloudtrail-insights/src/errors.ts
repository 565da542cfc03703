/**
 * Errors of `@mv/cloudtrail-insights`. Each says what the caller can do about it; none carries credentials or
 * raw service responses across a trust boundary.
 */

/**
 * Input that is not CloudTrail in any accepted form (log file, JSON array, JSON Lines, LookupEvents page).
 *
 * @example
 * try { parseCloudTrail('not json'); } catch (e) { if (e instanceof CloudTrailParseError) console.error(e.message); }
 */
export class CloudTrailParseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CloudTrailParseError';
  }
}

/**
 * An argument the caller passed is out of range or inconsistent (e.g. `startTime` after `endTime`).
 *
 * @example
 * throw new InvalidQueryError('startTime must be before endTime');
 */
export class InvalidQueryError extends Error {
  readonly statusCode = 400;
  readonly code = 'InvalidQuery';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidQueryError';
  }
}

/**
 * CloudTrail kept throttling after every retry; the caller may retry later or lower its concurrency.
 *
 * @example
 * catch (e) { if (e instanceof CloudTrailThrottledError) await later(); }
 */
export class CloudTrailThrottledError extends Error {
  readonly statusCode = 429;
  readonly code = 'Throttled';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CloudTrailThrottledError';
  }
}

/**
 * Bedrock refused the model id; the message explains the fix (usually: use an inference-profile id).
 *
 * @example
 * catch (e) { if (e instanceof BedrockModelError) console.error(e.message); }
 */
export class BedrockModelError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BedrockModelError';
  }
}

/**
 * The model answered, but not with a structured analysis matching the schema, even after a retry.
 *
 * @example
 * catch (e) { if (e instanceof ModelOutputError) showDeterministicOnly(); }
 */
export class ModelOutputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelOutputError';
  }
}

/**
 * A request to the MCP endpoint without the configured bearer token.
 *
 * @example
 * if (!authorised) throw new UnauthorizedError('missing or wrong bearer token');
 */
export class UnauthorizedError extends Error {
  readonly statusCode = 401;
  readonly code = 'Unauthorized';
  readonly headers = { 'www-authenticate': 'Bearer' };
  constructor(message = 'Missing or invalid credentials', options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnauthorizedError';
  }
}

/**
 * A setting in the environment is missing or wrong: thrown once at start (a server refuses to start, a Lambda
 * fails its cold start), never answered as a 400. The message names the variable.
 *
 * @example
 * try { mcpOptionsFromEnv(); } catch (e) { if (e instanceof ConfigError) console.error(e.variable); }
 */
export { ConfigError } from '@mv/http-edge';
