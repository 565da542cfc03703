// The whole Lambda. Configure it with environment variables (S3_BUCKET_NAME, KMS_KEY_ID, AUTH_MODE, ...).
export { handler } from '@mv/presign-handler';
