import { VERSION } from '../version.js';
import { analystStatus } from './claudeNarrative.js';
import type { InsightsOptions } from './InsightsOptions.js';

/**
 * Version, event source (Region, pacing, engine) and analyst of a server, for `cloudtrail://status`.
 *
 * @example
 * const { version, source, claude } = await serverStatus({ provider });
 */
export async function serverStatus(options: InsightsOptions): Promise<Record<string, unknown>> {
  return { version: VERSION, ...(await options.provider.status()), claude: analystStatus(options) };
}
