import {
  type EdgeApp,
  type LambdaHttpHandler,
  logLevelFromEnv,
  readEnvironment,
  StructuredLogger,
  s3Endpoint,
} from '@mv/http-edge';
import * as z from 'zod';
import { CatDataRepository } from '../CatDataRepository.js';
import { createApiGatewayHandler } from './apiGatewayHandler.js';
import { CognitoAuthenticator } from './CognitoAuthenticator.js';
import { RawCsvStore } from './RawCsvStore.js';

const required = (what: string) => z.string({ error: `is required (${what})` });

/**
 * The API function's environment, read once at cold start. A wrong or missing variable is a `ConfigError` naming
 * it. The database is `DATABASE_URL`, or libpq's `PGHOST` / `PGPORT` / `PGDATABASE` / `PGUSER` (with
 * `DB_IAM_AUTH=true` for an RDS IAM token signed with the function's role in `AWS_REGION`).
 */
export const DatabaseEnvironment = z.object({
  DATABASE_URL: z.string().optional(),
  PGHOST: z.string().optional(),
  PGPORT: z.string().regex(/^\d+$/, 'must be a port number').default('5432').transform(Number),
  PGDATABASE: z.string().optional(),
  PGUSER: z.string().optional(),
  DB_IAM_AUTH: z.enum(['true', 'false'], 'must be true or false').default('false'),
  AWS_REGION: z.string().optional(),
});
type DatabaseSettings = z.infer<typeof DatabaseEnvironment>;

function checkDatabase(env: DatabaseSettings, ctx: z.RefinementCtx): void {
  if (env.DATABASE_URL) return;
  for (const name of ['PGHOST', 'PGDATABASE', 'PGUSER'] as const)
    if (!env[name])
      ctx.addIssue({ code: 'custom', path: [name], message: 'is required when DATABASE_URL is not set' });
  if (env.DB_IAM_AUTH === 'true' && !env.AWS_REGION)
    ctx.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'is required with DB_IAM_AUTH=true' });
}

/** Opens the repository a function's {@link DatabaseEnvironment} names (on first use). @internal */
export function repositoryFromSettings(settings: DatabaseSettings): () => Promise<CatDataRepository> {
  return () =>
    settings.DATABASE_URL
      ? CatDataRepository.openPostgres({ connectionString: settings.DATABASE_URL, maxConnections: 2 })
      : CatDataRepository.openPostgres({
          host: settings.PGHOST as string,
          port: settings.PGPORT,
          database: settings.PGDATABASE as string,
          user: settings.PGUSER as string,
          maxConnections: 2,
          ...(settings.DB_IAM_AUTH === 'true' ? { iamAuth: { region: settings.AWS_REGION as string } } : {}),
        });
}

/**
 * The API function's environment, read once at cold start. A wrong or missing variable is a `ConfigError` naming
 * it. The database is `DATABASE_URL`, or libpq's `PGHOST` / `PGPORT` / `PGDATABASE` / `PGUSER` (with
 * `DB_IAM_AUTH=true` for an RDS IAM token signed with the function's role in `AWS_REGION`).
 */
export const ApiEnvironment = DatabaseEnvironment.extend({
  COGNITO_USER_POOL_ID: required('the user pool of the staff and viewers, e.g. ap-northeast-1_AbCdEf').regex(
    /^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/,
    'must be a user pool id such as ap-northeast-1_AbCdEf',
  ),
  COGNITO_CLIENT_IDS: required('comma-separated app client ids').transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
  /** TEST ONLY: where moto serves the pool's signing keys. Never derived from AWS_ENDPOINT_URL*. */
  COGNITO_TEST_JWKS_URL: z.url('must be a URL').optional(),
  RAW_CSV_BUCKET: z.string().optional(),
  CORS_ORIGIN: z.url('must be an origin such as https://d111111abcdef8.cloudfront.net').optional(),
}).superRefine(checkDatabase);

/** The import function's environment: the database (as {@link ApiEnvironment}) and `RAW_CSV_BUCKET`. */
export const ImportEnvironment = DatabaseEnvironment.extend({
  RAW_CSV_BUCKET: required('the bucket of the uploaded CSVs'),
}).superRefine(checkDatabase);

/**
 * Builds the API handler from a Lambda environment (see {@link ApiEnvironment}): `COGNITO_USER_POOL_ID`,
 * `COGNITO_CLIENT_IDS`, the database, `RAW_CSV_BUCKET` (optional: enables `POST /imports`), `CORS_ORIGIN` (optional).
 *
 * @example
 * const handler = handlerFromEnvironment(process.env);
 */
export function handlerFromEnvironment(env: NodeJS.ProcessEnv): LambdaHttpHandler<EdgeApp> {
  const settings = readEnvironment(ApiEnvironment, env);
  const endpoint = s3Endpoint(env);
  return createApiGatewayHandler({
    repository: repositoryFromSettings(settings),
    authenticator: new CognitoAuthenticator({
      userPoolId: settings.COGNITO_USER_POOL_ID,
      clientId: settings.COGNITO_CLIENT_IDS,
      testJwksUrl: settings.COGNITO_TEST_JWKS_URL,
    }),
    ...(settings.RAW_CSV_BUCKET
      ? {
          rawStore: new RawCsvStore({
            bucket: settings.RAW_CSV_BUCKET,
            forcePathStyle: endpoint !== undefined,
          }),
        }
      : {}),
    ...(settings.CORS_ORIGIN ? { corsOrigin: settings.CORS_ORIGIN } : {}),
    logger: new StructuredLogger({ service: 'cat-data-api', level: logLevelFromEnv(env) }),
  });
}

let configured: LambdaHttpHandler<EdgeApp> | undefined;

/**
 * The Lambda entry point, configured from the environment on first call (see {@link handlerFromEnvironment}).
 *
 * @example
 * // index.mjs of the function
 * export { handler } from '@mv/cat-data-core/api';
 */
export function handler(event: Parameters<LambdaHttpHandler>[0], context?: Parameters<LambdaHttpHandler>[1]) {
  configured ??= handlerFromEnvironment(process.env);
  return configured(event, context);
}
