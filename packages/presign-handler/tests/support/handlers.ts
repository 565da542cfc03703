import { createHandler, hashApiKey, type PresignLambdaHandler, StructuredLogger } from '../../src/index.js';
import { ALICE_KEY, BOB_KEY, captureLogs } from './events.js';

export const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** A handler in api-key mode with alice and bob, logging into `logs.lines`. */
export function apiKeyHandler(env: Record<string, string> = {}): {
  handler: PresignLambdaHandler;
  logs: ReturnType<typeof captureLogs>;
} {
  const logs = captureLogs();
  const handler = createHandler({
    env: {
      S3_BUCKET_NAME: 'media-viewer-v209-chat-logs-dev-123456789012',
      AWS_REGION: 'ap-northeast-1',
      AUTH_MODE: 'api-key',
      API_KEYS: `alice:${hashApiKey(ALICE_KEY)},bob:${hashApiKey(BOB_KEY)}`,
      KMS_KEY_ID: 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ...env,
    },
    credentials,
    logger: new StructuredLogger({ service: 'chat-log-presign', level: 'DEBUG', write: logs.write }),
  });
  return { handler, logs };
}
