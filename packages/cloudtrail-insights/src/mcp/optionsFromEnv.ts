import { s3Endpoint } from '@mv/http-edge';
import { ClaudeAnalyst } from '../bedrock/ClaudeAnalyst.js';
import { ConfigError } from '../errors.js';
import { AthenaEngine } from '../query/AthenaEngine.js';
import { DuckDbEngine } from '../query/DuckDbEngine.js';
import {
  type EventProvider,
  filesProvider,
  lookupEventsProvider,
  s3Provider,
} from '../sources/EventProvider.js';
import { engineProvider } from '../sources/engineProvider.js';
import { LookupEventsSource } from '../sources/LookupEventsSource.js';
import { S3LogFileSource } from '../sources/S3LogFileSource.js';
import type { McpHandlerOptions } from './handleMcpRequest.js';

/** The Athena engine of `CLOUDTRAIL_SOURCE=athena`, its settings checked with messages that say what to set. */
function athenaFromEnv(env: NodeJS.ProcessEnv): AthenaEngine {
  const missing = ['ATHENA_WORKGROUP', 'ATHENA_DATABASE', 'ATHENA_TABLE'].filter((name) => !env[name]);
  if (missing.length > 0)
    throw new ConfigError(
      missing[0] as string,
      `CLOUDTRAIL_SOURCE=athena needs ${missing.join(', ')} (the workgroup, Glue database and CloudTrail table of the template)`,
    );
  const ceiling = env.ATHENA_MAX_BYTES_SCANNED;
  if (ceiling !== undefined && !/^\d+$/.test(ceiling))
    throw new ConfigError('ATHENA_MAX_BYTES_SCANNED', 'must be a whole number of bytes');
  try {
    return new AthenaEngine({
      workGroup: env.ATHENA_WORKGROUP!,
      database: env.ATHENA_DATABASE!,
      table: env.ATHENA_TABLE!,
      catalog: env.ATHENA_CATALOG || undefined,
      maxBytesScanned: ceiling === undefined ? undefined : Number(ceiling),
    });
  } catch (error) {
    throw new ConfigError('ATHENA_TABLE', (error as Error).message, { cause: error });
  }
}

/**
 * How MCP callers authenticate, from `MCP_AUTH_MODE` (fail closed: there is no silent default):
 * - `iam`: the Function URL's AuthType is AWS_IAM (SigV4-signing MCP clients);
 * - `token`: a bearer token from Secrets Manager (`MCP_AUTH_TOKEN_SECRET_ARN`, read once, on first use) or, for local
 *   use, `MCP_AUTH_TOKEN`; `MCP_AUTH_TOKEN` alone implies `token`;
 * - `none`: explicitly open (a loopback-only local server, stdio has no HTTP at all).
 */
function authFromEnv(env: NodeJS.ProcessEnv): Pick<McpHandlerOptions, 'authMode' | 'bearerToken'> {
  const mode =
    env.MCP_AUTH_MODE || (env.MCP_AUTH_TOKEN || env.MCP_AUTH_TOKEN_SECRET_ARN ? 'token' : undefined);
  if (mode === 'iam' || mode === 'none') return { authMode: mode };
  if (mode !== 'token')
    throw new ConfigError(
      'MCP_AUTH_MODE',
      mode === undefined
        ? 'is required: iam (Function URL AuthType AWS_IAM), token (MCP_AUTH_TOKEN_SECRET_ARN or MCP_AUTH_TOKEN) or none (explicitly open)'
        : 'must be iam, token or none',
    );
  const secretArn = env.MCP_AUTH_TOKEN_SECRET_ARN;
  if (secretArn) return { authMode: 'token', bearerToken: () => readSecret(secretArn) };
  if (!env.MCP_AUTH_TOKEN)
    throw new ConfigError(
      'MCP_AUTH_TOKEN_SECRET_ARN',
      'or MCP_AUTH_TOKEN is required with MCP_AUTH_MODE=token',
    );
  return { authMode: 'token', bearerToken: env.MCP_AUTH_TOKEN };
}

async function readSecret(secretId: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!answer.SecretString) throw new Error('The MCP token secret has no SecretString');
  return answer.SecretString;
}

/**
 * Builds the server's options from environment variables, as the bin, the Lambda handler and the container read
 * them: `CLOUDTRAIL_SOURCE` (`lookup` default, `s3`, `files`, `athena`), `CLOUDTRAIL_FILES` (read by DuckDB;
 * `CLOUDTRAIL_ENGINE=memory` reads them in process instead), `ATHENA_WORKGROUP`, `ATHENA_DATABASE`,
 * `ATHENA_TABLE`, `ATHENA_CATALOG`, `ATHENA_MAX_BYTES_SCANNED`, `CLOUDTRAIL_BUCKET`,
 * `CLOUDTRAIL_PREFIX`, `AWS_ACCOUNT_ID` (pacing key), `CLOUDTRAIL_CALLS_PER_SECOND`, `MCP_AUTH_MODE`,
 * `MCP_AUTH_TOKEN_SECRET_ARN`, `MCP_AUTH_TOKEN`,
 * `MCP_TOOL_TIME_BUDGET_MS`,
 * `BEDROCK_MODEL_ID`. The Region and endpoints come from the SDK's standard variables. A missing or wrong setting is a
 * `ConfigError` naming the variable.
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
      throw new ConfigError(
        'CLOUDTRAIL_FILES',
        'is required with CLOUDTRAIL_SOURCE=files (a file or directory)',
      );
    provider =
      env.CLOUDTRAIL_ENGINE === 'memory'
        ? filesProvider(env.CLOUDTRAIL_FILES)
        : engineProvider(new DuckDbEngine({ root: env.CLOUDTRAIL_FILES }));
  } else if (kind === 'athena') {
    provider = engineProvider(athenaFromEnv(env));
  } else if (kind === 's3') {
    if (!env.CLOUDTRAIL_BUCKET)
      throw new ConfigError('CLOUDTRAIL_BUCKET', 'is required with CLOUDTRAIL_SOURCE=s3 (the trail bucket)');
    provider = s3Provider(
      new S3LogFileSource({
        bucket: env.CLOUDTRAIL_BUCKET,
        prefix: env.CLOUDTRAIL_PREFIX,
        endpoint: s3Endpoint(env),
      }),
    );
  } else if (kind === 'lookup') {
    provider = lookupEventsProvider(
      new LookupEventsSource({
        accountId: env.AWS_ACCOUNT_ID,
        callsPerSecond: env.CLOUDTRAIL_CALLS_PER_SECOND ? Number(env.CLOUDTRAIL_CALLS_PER_SECOND) : undefined,
      }),
    );
  } else {
    throw new ConfigError(
      'CLOUDTRAIL_SOURCE',
      `must be lookup, s3, files or athena (got ${kind.slice(0, 32)})`,
    );
  }
  const options: McpHandlerOptions = { provider, ...authFromEnv(env) };
  if (env.MCP_TOOL_TIME_BUDGET_MS) options.toolTimeBudgetMs = Number(env.MCP_TOOL_TIME_BUDGET_MS);
  if (env.BEDROCK_MODEL_ID) options.analyst = new ClaudeAnalyst({ modelId: env.BEDROCK_MODEL_ID });
  else options.analystUnavailableReason = 'BEDROCK_MODEL_ID is not set: the analysis is deterministic only';
  return options;
}
