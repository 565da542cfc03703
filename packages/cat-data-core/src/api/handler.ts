import { CatDataRepository } from '../CatDataRepository.js';
import { type ApiGatewayEvent, type ApiGatewayResult, createApiGatewayHandler } from './apiGatewayHandler.js';
import { CognitoAuthenticator } from './CognitoAuthenticator.js';
import { RawCsvStore } from './RawCsvStore.js';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Set ${name} in the function's environment.`);
  return value;
}

/**
 * Builds the API handler from a Lambda environment:
 * - `COGNITO_USER_POOL_ID`, `COGNITO_CLIENT_IDS` (comma-separated)
 * - the database: `DATABASE_URL`, or libpq's `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER` with `DB_IAM_AUTH=true` for an
 *   RDS IAM token (signed with the function's role; the region comes from `AWS_REGION`)
 * - `RAW_CSV_BUCKET` (optional: enables `POST /imports`), `CORS_ORIGIN` (optional)
 *
 * @example
 * const handler = handlerFromEnvironment(process.env);
 */
export function handlerFromEnvironment(
  env: NodeJS.ProcessEnv,
): (event: ApiGatewayEvent) => Promise<ApiGatewayResult> {
  return createApiGatewayHandler({
    repository: () =>
      env.DATABASE_URL
        ? CatDataRepository.openPostgres({ connectionString: env.DATABASE_URL, maxConnections: 2 })
        : CatDataRepository.openPostgres({
            host: required(env, 'PGHOST'),
            port: Number(env.PGPORT ?? 5432),
            database: required(env, 'PGDATABASE'),
            user: required(env, 'PGUSER'),
            maxConnections: 2,
            ...(env.DB_IAM_AUTH === 'true' ? { iamAuth: { region: required(env, 'AWS_REGION') } } : {}),
          }),
    authenticator: new CognitoAuthenticator({
      userPoolId: required(env, 'COGNITO_USER_POOL_ID'),
      clientId: required(env, 'COGNITO_CLIENT_IDS')
        .split(',')
        .map((s) => s.trim()),
    }),
    ...(env.RAW_CSV_BUCKET ? { rawStore: new RawCsvStore({ bucket: env.RAW_CSV_BUCKET }) } : {}),
    ...(env.CORS_ORIGIN ? { corsOrigin: env.CORS_ORIGIN } : {}),
  });
}

let configured: ((event: ApiGatewayEvent) => Promise<ApiGatewayResult>) | undefined;

/**
 * The Lambda entry point, configured from the environment on first call (see {@link handlerFromEnvironment}).
 *
 * @example
 * // index.mjs of the function
 * export { handler } from '@mv/cat-data-core/api';
 */
export function handler(event: ApiGatewayEvent): Promise<ApiGatewayResult> {
  configured ??= handlerFromEnvironment(process.env);
  return configured(event);
}
