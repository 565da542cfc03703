// The Lambda entry point of infra-templates/cat-data/cat-data.yaml: bundle this file as index.mjs for both functions.
// ApiFunction (Handler: index.handler) reads PGHOST, PGDATABASE, PGUSER, DB_IAM_AUTH, COGNITO_USER_POOL_ID,
// COGNITO_CLIENT_IDS, RAW_CSV_BUCKET, CORS_ORIGIN; ImportFunction (Handler: index.importHandler, invoked by the S3
// events of runs/<importId>.json) reads the database variables and RAW_CSV_BUCKET.
export { handler, importHandler } from '@mv/cat-data-core/api';
