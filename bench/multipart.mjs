// Multipart upload throughput and peak memory: ChatLogUploader (through the presign handler) against
// @aws-sdk/lib-storage Upload, same moto_server S3, both at their default part size (5 MiB) and concurrency (4), each upload in a
// fresh process, interleaved. Sizes: 100 MiB and 1 GiB (BENCH_MULTIPART_SIZES_MIB to change).
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHandler, hashApiKey, StructuredLogger } from '@mv/presign-handler';
import { serveLocally } from '@mv/presign-handler/node';
import { motoCredentials, startMoto } from '@mv/testing';

const sizes = (process.env.BENCH_MULTIPART_SIZES_MIB ?? '100,1024').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'mv-bench-mp-'));
const moto = await startMoto();
try {
  const bucket = 'bench-multipart';
  const s3 = new S3Client({ ...motoCredentials, endpoint: moto.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const handler = createHandler({
    env: {
      S3_BUCKET_NAME: bucket,
      AWS_REGION: 'us-east-1',
      AUTH_MODE: 'api-key',
      API_KEYS: `bench:${hashApiKey('k')}`,
      AWS_ENDPOINT_URL_S3: moto.endpoint,
    },
    credentials: motoCredentials.credentials,
    logger: new StructuredLogger({ level: 'SILENT' }),
  });
  const server = await serveLocally({ handler });
  const empty = async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const object of listed.Contents ?? [])
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
  };
  console.log(
    `multipart upload, part 5 MiB, 4 in flight, same moto_server; median of ${rounds} interleaved runs each`,
  );
  for (const mib of sizes) {
    const file = join(dir, `${mib}.ndjson`);
    const fd = openSync(file, 'w');
    const block = Buffer.alloc(4 * 2 ** 20, 'chat log line 0123456789 abcdefghij\n');
    for (let left = mib * 2 ** 20; left > 0; left -= block.length)
      writeSync(fd, block, 0, Math.min(block.length, left));
    closeSync(fd);
    const results = { ours: [], 'lib-storage': [] };
    for (let round = 0; round < rounds; round++) {
      for (const which of ['ours', 'lib-storage']) {
        // Async: this process serves the presign endpoint the child calls.
        const { stdout } = await promisify(execFile)(process.execPath, [
          join(import.meta.dirname, 'multipart-child.mjs'),
          which,
          file,
          server.url,
          'k',
          moto.endpoint,
          bucket,
          '5',
          '4',
        ]);
        results[which].push(JSON.parse(stdout));
        await empty();
      }
    }
    rmSync(file);
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const row = (which) => {
      const seconds = median(results[which].map((r) => r.seconds));
      const rss = median(results[which].map((r) => r.maxRssMiB));
      return { mbps: (mib * 2 ** 20) / 1e6 / seconds, rss };
    };
    const ours = row('ours');
    const lib = row('lib-storage');
    console.log(
      `  ${String(mib).padStart(5)} MiB  ChatLogUploader ${ours.mbps.toFixed(1).padStart(6)} MB/s, peak RSS ${ours.rss.toFixed(0).padStart(4)} MiB` +
        `   lib-storage Upload ${lib.mbps.toFixed(1).padStart(6)} MB/s, peak RSS ${lib.rss.toFixed(0).padStart(4)} MiB   throughput ratio ${(ours.mbps / lib.mbps).toFixed(2)}x`,
    );
  }
  await server.close();
  s3.destroy();
} finally {
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
}
