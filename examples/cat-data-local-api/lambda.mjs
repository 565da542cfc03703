// The Lambda entry point of infra-templates/cat-data/cat-data.yaml (Handler: index.handler): bundle this file as
// index.mjs. Configuration comes from the function's environment (PGHOST, PGDATABASE, PGUSER, DB_IAM_AUTH,
// COGNITO_USER_POOL_ID, COGNITO_CLIENT_IDS, RAW_CSV_BUCKET, CORS_ORIGIN).
export { handler } from '@mv/cat-data-core/api';
