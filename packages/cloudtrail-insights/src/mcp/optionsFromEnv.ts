import { readEnvironment, s3Endpoint } from '@mv/http-edge';
import { z } from 'zod';
import { ClaudeAnalyst } from '../bedrock/ClaudeAnalyst.js';
import { ConfigError } from '../errors.js';
import { AthenaEngine } from '../query/AthenaEngine.js';
import { DuckDbEngine } from '../query/DuckDbEngine.js';
import { MEMORY_SIZE } from '../query/duckDbThreads.js';
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

const whole = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `must be a whole number (${what})`)
    .transform(Number);

/**
 * The MCP server's environment as a zod schema: each setting's own rule, read once by `readEnvironment` (a
 * `ConfigError` naming the first wrong variable, never echoing a value). Which settings a source or an auth mode
 * needs together is {@link mcpOptionsFromEnv}'s to check. The Region and endpoints are the SDK's standard variables.
 */
export const McpEnvironment = z.object({
  CLOUDTRAIL_SOURCE: z
    .enum(['lookup', 's3', 'files', 'athena'], { error: 'must be lookup, s3, files or athena' })
    .optional(),
  CLOUDTRAIL_FILES: z.string().optional(),
  CLOUDTRAIL_ENGINE: z
    .enum(['duckdb', 'memory'], { error: 'must be duckdb (the default) or memory' })
    .optional(),
  /** The DuckDB engine's memory limit (default 256MB); its thread count follows it unless DUCKDB_THREADS is set. */
  DUCKDB_MEMORY_LIMIT: z.string().regex(MEMORY_SIZE, 'must be a size such as 512MB or 2GiB').optional(),
  DUCKDB_THREADS: whole('of threads')
    .refine((n) => n >= 1, 'must be at least 1')
    .optional(),
  CLOUDTRAIL_BUCKET: z.string().optional(),
  CLOUDTRAIL_PREFIX: z.string().optional(),
  /** The key LookupEvents' 2 calls/s budget is shared under (default `default`). */
  AWS_ACCOUNT_ID: z.string().optional(),
  CLOUDTRAIL_CALLS_PER_SECOND: z
    .string()
    .regex(/^\d{1,3}(\.\d+)?$/, 'must be a number of calls per second, e.g. 2')
    .transform(Number)
    .refine((n) => n > 0, 'must be more than 0')
    .optional(),
  ATHENA_WORKGROUP: z.string().optional(),
  ATHENA_DATABASE: z.string().optional(),
  ATHENA_TABLE: z.string().optional(),
  ATHENA_CATALOG: z.string().optional(),
  ATHENA_MAX_BYTES_SCANNED: whole('of bytes').optional(),
  MCP_AUTH_MODE: z.enum(['iam', 'token', 'none'], { error: 'must be iam, token or none' }).optional(),
  MCP_AUTH_TOKEN_SECRET_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:/, 'must be the ARN of a Secrets Manager secret')
    .optional(),
  MCP_AUTH_TOKEN: z.string().optional(),
  MCP_TOOL_TIME_BUDGET_MS: whole('of milliseconds').optional(),
  BEDROCK_MODEL_ID: z.string().optional(),
});
export type McpEnvironment = z.infer<typeof McpEnvironment>;

/** The DuckDB engine over `root`, with `DUCKDB_MEMORY_LIMIT` and `DUCKDB_THREADS` when set. */
function duckDbFrom(e: McpEnvironment, root: string): DuckDbEngine {
  try {
    return new DuckDbEngine({
      root,
      ...(e.DUCKDB_MEMORY_LIMIT === undefined ? {} : { memoryLimit: e.DUCKDB_MEMORY_LIMIT }),
      ...(e.DUCKDB_THREADS === undefined ? {} : { threads: e.DUCKDB_THREADS }),
    });
  } catch (error) {
    // The one setting the engine checks beyond the schema: whether the memory limit carries a reading thread.
    throw new ConfigError('DUCKDB_MEMORY_LIMIT', (error as Error).message.replace(/^memoryLimit /, ''), {
      cause: error,
    });
  }
}

/** The Athena engine of `CLOUDTRAIL_SOURCE=athena`, its settings checked with messages that say what to set. */
function athenaFrom(e: McpEnvironment): AthenaEngine {
  const missing = (['ATHENA_WORKGROUP', 'ATHENA_DATABASE', 'ATHENA_TABLE'] as const).filter(
    (name) => !e[name],
  );
  if (missing.length > 0)
    throw new ConfigError(
      missing[0] as string,
      `CLOUDTRAIL_SOURCE=athena needs ${missing.join(', ')} (the workgroup, Glue database and CloudTrail table of the template)`,
    );
  try {
    return new AthenaEngine({
      workGroup: e.ATHENA_WORKGROUP as string,
      database: e.ATHENA_DATABASE as string,
      table: e.ATHENA_TABLE as string,
      catalog: e.ATHENA_CATALOG,
      maxBytesScanned: e.ATHENA_MAX_BYTES_SCANNED,
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
function authFrom(e: McpEnvironment): Pick<McpHandlerOptions, 'authMode' | 'bearerToken'> {
  const mode = e.MCP_AUTH_MODE ?? (e.MCP_AUTH_TOKEN || e.MCP_AUTH_TOKEN_SECRET_ARN ? 'token' : undefined);
  if (mode === 'iam' || mode === 'none') return { authMode: mode };
  if (mode === undefined)
    throw new ConfigError(
      'MCP_AUTH_MODE',
      'is required: iam (Function URL AuthType AWS_IAM), token (MCP_AUTH_TOKEN_SECRET_ARN or MCP_AUTH_TOKEN) or none (explicitly open)',
    );
  const secretArn = e.MCP_AUTH_TOKEN_SECRET_ARN;
  if (secretArn) return { authMode: 'token', bearerToken: () => readSecret(secretArn) };
  if (!e.MCP_AUTH_TOKEN)
    throw new ConfigError(
      'MCP_AUTH_TOKEN_SECRET_ARN',
      'or MCP_AUTH_TOKEN is required with MCP_AUTH_MODE=token',
    );
  return { authMode: 'token', bearerToken: e.MCP_AUTH_TOKEN };
}

async function readSecret(secretId: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!answer.SecretString) throw new Error('The MCP token secret has no SecretString');
  return answer.SecretString;
}

/**
 * Builds the server's options from environment variables (through {@link McpEnvironment}, read once), as the bin,
 * the Lambda handler and the container read them: `CLOUDTRAIL_SOURCE` (`lookup` default, `s3`, `files`, `athena`), `CLOUDTRAIL_FILES` (read by DuckDB;
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
  const e = readEnvironment(McpEnvironment, env);
  const kind = e.CLOUDTRAIL_SOURCE ?? (e.CLOUDTRAIL_FILES ? 'files' : e.CLOUDTRAIL_BUCKET ? 's3' : 'lookup');
  let provider: EventProvider;
  if (kind === 'files') {
    if (!e.CLOUDTRAIL_FILES)
      throw new ConfigError(
        'CLOUDTRAIL_FILES',
        'is required with CLOUDTRAIL_SOURCE=files (a file or directory)',
      );
    provider =
      e.CLOUDTRAIL_ENGINE === 'memory'
        ? filesProvider(e.CLOUDTRAIL_FILES)
        : engineProvider(duckDbFrom(e, e.CLOUDTRAIL_FILES));
  } else if (kind === 'athena') {
    provider = engineProvider(athenaFrom(e));
  } else if (kind === 's3') {
    if (!e.CLOUDTRAIL_BUCKET)
      throw new ConfigError('CLOUDTRAIL_BUCKET', 'is required with CLOUDTRAIL_SOURCE=s3 (the trail bucket)');
    provider = s3Provider(
      new S3LogFileSource({
        bucket: e.CLOUDTRAIL_BUCKET,
        prefix: e.CLOUDTRAIL_PREFIX,
        endpoint: s3Endpoint(env),
      }),
    );
  } else {
    provider = lookupEventsProvider(
      new LookupEventsSource({ accountId: e.AWS_ACCOUNT_ID, callsPerSecond: e.CLOUDTRAIL_CALLS_PER_SECOND }),
    );
  }
  const options: McpHandlerOptions = { provider, ...authFrom(e) };
  if (e.MCP_TOOL_TIME_BUDGET_MS !== undefined) options.toolTimeBudgetMs = e.MCP_TOOL_TIME_BUDGET_MS;
  if (e.BEDROCK_MODEL_ID) options.analyst = new ClaudeAnalyst({ modelId: e.BEDROCK_MODEL_ID });
  else options.analystUnavailableReason = 'BEDROCK_MODEL_ID is not set: the analysis is deterministic only';
  return options;
}
