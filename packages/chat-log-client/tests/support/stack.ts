import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { createHandler, hashApiKey, type PresignLambdaHandler, StructuredLogger } from '@mv/presign-handler';
import { type LocalServer, serveLocally } from '@mv/presign-handler/node';
import { type MotoServer, motoCredentials, startMoto } from '@mv/testing';

/** The API keys of the stack's two users (AUTH_MODE=api-key): alice and bob. */
export const ALICE_KEY = 'alice-secret-key-0123456789';
export const BOB_KEY = 'bob-secret-key-9876543210';

/**
 * moto (S3 + KMS) with a versioned bucket and a customer key, and the real presign handler (`@mv/presign-handler`,
 * built) served on 127.0.0.1: what the client's end-to-end tests talk to.
 */
export interface ChatLogStack {
  moto: MotoServer;
  s3: S3Client;
  bucket: string;
  kmsKeyId: string;
  kmsKeyArn: string;
  handler: PresignLambdaHandler;
  server: LocalServer;
  /** The handler's log lines, as written. */
  logs: { lines: string[] };
  stop(): Promise<void>;
}

export async function startChatLogStack(
  options: { s3Endpoint?: (motoEndpoint: string) => Promise<string>; env?: Record<string, string> } = {},
): Promise<ChatLogStack> {
  const moto = await startMoto();
  const bucket = 'media-viewer-v209-chat-logs-test-123456789012';
  const s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
  const kms = new KMSClient({ ...motoCredentials, endpoint: moto.endpoint });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const key = await kms.send(new CreateKeyCommand({ Description: 'chat logs' }));
  const kmsKeyArn = key.KeyMetadata!.Arn!;
  const s3Endpoint = options.s3Endpoint ? await options.s3Endpoint(moto.endpoint) : moto.endpoint;
  const logs = { lines: [] as string[] };
  const handler = createHandler({
    env: {
      S3_BUCKET_NAME: bucket,
      AWS_REGION: motoCredentials.region,
      AUTH_MODE: 'api-key',
      API_KEYS: `alice:${hashApiKey(ALICE_KEY)},bob:${hashApiKey(BOB_KEY)}`,
      KMS_KEY_ID: kmsKeyArn,
      AWS_ENDPOINT_URL_S3: s3Endpoint,
      ...options.env,
    },
    credentials: motoCredentials.credentials,
    logger: new StructuredLogger({
      service: 'chat-log-presign',
      level: 'DEBUG',
      write: (line) => logs.lines.push(line),
    }),
  });
  const server = await serveLocally({ handler });
  return {
    moto,
    s3,
    bucket,
    kmsKeyId: key.KeyMetadata!.KeyId!,
    kmsKeyArn,
    handler,
    server,
    logs,
    async stop() {
      await server.close();
      s3.destroy();
      kms.destroy();
      await moto.stop();
    },
  };
}
