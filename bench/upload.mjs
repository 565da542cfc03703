// Upload throughput on the same local S3 (moto_server): ChatLogUploader through the presign handler against
// @aws-sdk/lib-storage Upload straight to S3, same objects, interleaved.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ChatLogUploader } from '@mv/chat-log-client';
import { createHandler, hashApiKey, StructuredLogger } from '@mv/presign-handler';
import { serveLocally } from '@mv/presign-handler/node';
import { motoCredentials, startMoto } from '@mv/testing';

const moto = await startMoto();
try {
  const bucket = 'bench-chat-logs';
  const s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const handler = createHandler({
    env: {
      S3_BUCKET_NAME: bucket,
      AWS_REGION: motoCredentials.region,
      AUTH_MODE: 'api-key',
      API_KEYS: `bench:${hashApiKey('k')}`,
      AWS_ENDPOINT_URL_S3: moto.endpoint,
      MAX_UPLOAD_BYTES: String(512 * 1024 * 1024),
    },
    credentials: motoCredentials.credentials,
    logger: new StructuredLogger({ level: 'SILENT' }),
  });
  const server = await serveLocally({ handler });
  const uploader = new ChatLogUploader({
    endpoint: server.url,
    token: 'k',
    maxBytes: 512 * 1024 * 1024,
    timeoutMs: 120_000,
  });
  const cases = [
    ['1 MiB x 20', 1, 20],
    ['16 MiB x 4', 16, 4],
    ['64 MiB x 2', 64, 2],
  ];
  console.log('upload throughput against the same moto_server S3 (one process, interleaved)');
  for (const [label, mib, count] of cases) {
    const body = new Uint8Array(mib * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    const timing = { ours: 0, libStorage: 0 };
    for (let i = 0; i < count; i++) {
      let t = performance.now();
      await uploader.robustUpload(body, {
        fileName: `bench-${mib}-${i}.ndjson`,
        contentType: 'application/x-ndjson',
      });
      timing.ours += performance.now() - t;
      t = performance.now();
      await new Upload({
        client: s3,
        params: {
          Bucket: bucket,
          Key: `lib-storage/${mib}-${i}`,
          Body: body,
          ContentType: 'application/x-ndjson',
        },
      }).done();
      timing.libStorage += performance.now() - t;
    }
    const mbps = (ms) => (mib * count) / (ms / 1000);
    console.log(
      `  ${label.padEnd(11)} ChatLogUploader ${mbps(timing.ours).toFixed(1).padStart(7)} MB/s   lib-storage Upload ${mbps(timing.libStorage).toFixed(1).padStart(7)} MB/s   ratio ${(timing.libStorage / timing.ours).toFixed(2)}x`,
    );
  }
  await server.close();
  s3.destroy();
} finally {
  await moto.stop();
}
