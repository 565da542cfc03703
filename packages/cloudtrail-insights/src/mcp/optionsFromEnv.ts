import { ClaudeAnalyst } from '../bedrock/ClaudeAnalyst.js';
import { InvalidQueryError } from '../errors.js';
import {
  type EventProvider,
  filesProvider,
  lookupEventsProvider,
  s3Provider,
} from '../sources/EventProvider.js';
import { LookupEventsSource } from '../sources/LookupEventsSource.js';
import { S3LogFileSource } from '../sources/S3LogFileSource.js';
import type { McpHandlerOptions } from './handleMcpRequest.js';

/**
 * Builds the server's options from environment variables, as the bin, the Lambda handler and the container read
 * them: `CLOUDTRAIL_SOURCE` (`lookup` default, `s3`, `files`), `CLOUDTRAIL_FILES`, `CLOUDTRAIL_BUCKET`,
 * `CLOUDTRAIL_PREFIX`, `AWS_ACCOUNT_ID` (pacing key), `CLOUDTRAIL_CALLS_PER_SECOND`, `MCP_AUTH_TOKEN`,
 * `MCP_TOOL_TIME_BUDGET_MS`,
 * `BEDROCK_MODEL_ID`. The Region and endpoints come from the SDK's standard variables.
 *
 * @example
 * const options = mcpOptionsFromEnv(process.env);
 */
export function mcpOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): McpHandlerOptions {
  const kind =
    env.CLOUDTRAIL_SOURCE ?? (env.CLOUDTRAIL_FILES ? 'files' : env.CLOUDTRAIL_BUCKET ? 's3' : 'lookup');
  let provider: EventProvider;
  if (kind === 'files') {
    if (!env.CLOUDTRAIL_FILES)
      throw new InvalidQueryError('CLOUDTRAIL_SOURCE=files needs CLOUDTRAIL_FILES=<file or directory>');
    provider = filesProvider(env.CLOUDTRAIL_FILES);
  } else if (kind === 's3') {
    if (!env.CLOUDTRAIL_BUCKET)
      throw new InvalidQueryError('CLOUDTRAIL_SOURCE=s3 needs CLOUDTRAIL_BUCKET=<trail bucket>');
    provider = s3Provider(
      new S3LogFileSource({ bucket: env.CLOUDTRAIL_BUCKET, prefix: env.CLOUDTRAIL_PREFIX }),
    );
  } else if (kind === 'lookup') {
    provider = lookupEventsProvider(
      new LookupEventsSource({
        accountId: env.AWS_ACCOUNT_ID,
        callsPerSecond: env.CLOUDTRAIL_CALLS_PER_SECOND ? Number(env.CLOUDTRAIL_CALLS_PER_SECOND) : undefined,
      }),
    );
  } else {
    throw new InvalidQueryError(`CLOUDTRAIL_SOURCE must be lookup, s3 or files (got ${kind})`);
  }
  const options: McpHandlerOptions = { provider, bearerToken: env.MCP_AUTH_TOKEN || undefined };
  if (env.MCP_TOOL_TIME_BUDGET_MS) options.toolTimeBudgetMs = Number(env.MCP_TOOL_TIME_BUDGET_MS);
  if (env.BEDROCK_MODEL_ID) options.analyst = new ClaudeAnalyst({ modelId: env.BEDROCK_MODEL_ID });
  else options.analystUnavailableReason = 'BEDROCK_MODEL_ID is not set: the analysis is deterministic only';
  return options;
}
