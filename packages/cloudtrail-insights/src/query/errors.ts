/**
 * Errors of the query layer (Athena and DuckDB engines). Messages say what to do and name no internals: no SQL,
 * no file paths, no service responses beyond an error category, so they may cross the MCP trust boundary.
 */

/**
 * Base of every query-layer error.
 *
 * @example
 * catch (e) { if (e instanceof QueryEngineError) return e.message; }
 */
export class QueryEngineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QueryEngineError';
  }
}

/**
 * The engine is not configured correctly (missing `ATHENA_WORKGROUP`, unreadable trail folder...).
 *
 * @example
 * throw new EngineConfigError('CLOUDTRAIL_SOURCE=athena needs ATHENA_DATABASE=<Glue database>');
 */
export class EngineConfigError extends QueryEngineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EngineConfigError';
  }
}

/**
 * The query would scan, or scanned, more than the configured ceiling; narrow the window, accounts or Regions.
 *
 * @example
 * catch (e) { if (e instanceof BytesScannedLimitError) console.log(e.bytesScanned, e.limitBytes); }
 */
export class BytesScannedLimitError extends QueryEngineError {
  constructor(
    readonly bytesScanned: number,
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(
      `the query scanned ${bytesScanned} bytes, over the ceiling of ${limitBytes}: narrow the time window, accounts or Regions`,
      options,
    );
    this.name = 'BytesScannedLimitError';
  }
}

/**
 * The engine ran the query and it failed or was cancelled. Carries the query id (to look up in the Athena console)
 * and Athena's error category, not its message.
 *
 * @example
 * catch (e) { if (e instanceof QueryFailedError) console.error(e.queryId, e.state); }
 */
export class QueryFailedError extends QueryEngineError {
  constructor(
    message: string,
    readonly queryId?: string,
    readonly state?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'QueryFailedError';
  }
}
