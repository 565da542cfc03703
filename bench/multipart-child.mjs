// One upload in a fresh process, so its peak memory is its own: `ours` (ChatLogUploader from a file, multipart)
// or `lib-storage` (@aws-sdk/lib-storage Upload from a file stream). Prints { seconds, maxRssMiB } as JSON.
import { createReadStream } from 'node:fs';

// Each side loads only its own modules, so the peak RSS is that side's.

const [which, file, endpoint, token, s3Endpoint, bucket, partMiB, concurrency] = process.argv.slice(2);
const partSize = Number(partMiB) * 2 ** 20;
const started = performance.now();
if (which === 'ours') {
  const { ChatLogUploader } = await import('@mv/chat-log-client');
  const { fileSource, nodeHttpFetch } = await import('@mv/chat-log-client/node');
  // Multipart from the first part, as lib-storage does, so both sides run the same protocol.
  const uploader = new ChatLogUploader({
    endpoint,
    token,
    fetch: nodeHttpFetch,
    timeoutMs: 300_000,
    multipartThreshold: partSize,
  });
  const source = await fileSource(file);
  await uploader.uploadSource(source, {
    fileName: 'bench.ndjson',
    contentType: 'application/x-ndjson',
    partSize,
    concurrency: Number(concurrency),
  });
  await source.close();
} else {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  });
  await new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: `lib-storage/${Date.now()}`,
      Body: createReadStream(file),
      ContentType: 'application/x-ndjson',
    },
    partSize,
    queueSize: Number(concurrency),
  }).done();
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
