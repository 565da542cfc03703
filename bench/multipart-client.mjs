// Client-side cost of a multipart upload, without a network: ChatLogUploader reads a file part by part, hashes each
// part (signed checksum) and the whole object (objectSha256), and "sends" the parts to an in-memory S3 that only
// drains the body. Prints MB/s and peak RSS per run, in fresh processes. CHAT_LOG_CLIENT_DIST=<dir with index.js
// and node.js> runs another build of the client (to compare two builds side by side).
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const mib = Number(process.env.BENCH_MULTIPART_CLIENT_MIB ?? 1024);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const builds = (process.env.CHAT_LOG_CLIENT_DIST ?? '@mv/chat-log-client').split(',');

if (process.argv[2] === 'child') {
  const [, , , build, file] = process.argv;
  const base = build.startsWith('@') ? build : `${build}/`;
  const { ChatLogUploader } = await import(build.startsWith('@') ? base : `${base}index.js`);
  const { fileSource } = await import(build.startsWith('@') ? `${base}/node` : `${base}node.js`);
  const stamp = () => ({
    timestamp: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3.6e6).toISOString(),
  });
  const fetchImpl = async (input, init) => {
    const url = new URL(String(input));
    if (url.host === 'presign.bench') {
      const body = JSON.parse(String(init.body));
      const s3Key = body.s3Key ?? `chat-logs/bench/k_${body.fileName}`;
      const at = (query, method) => ({
        presignedUrl: `https://s3.bench/${s3Key}?${query}`,
        s3Key,
        method,
        headers: {},
        ...stamp(),
      });
      if (body.action === 'multipart-create') return Response.json(at('uploads', 'POST'));
      if (body.action === 'multipart-complete') return Response.json(at('uploadId=u', 'POST'));
      const parts = body.parts.map((p) => ({
        partNumber: p.partNumber,
        method: 'PUT',
        headers: {},
        presignedUrl: `https://s3.bench/${s3Key}?partNumber=${p.partNumber}&uploadId=u`,
      }));
      return Response.json({ s3Key, uploadId: 'u', ...stamp(), parts });
    }
    if (url.searchParams.has('uploads')) return new Response('<R><UploadId>u</UploadId></R>');
    if (url.searchParams.has('partNumber')) return new Response(null, { headers: { etag: '"e"' } });
    return new Response('<CompleteMultipartUploadResult></CompleteMultipartUploadResult>');
  };
  const uploader = new ChatLogUploader({ endpoint: 'https://presign.bench/', fetch: fetchImpl });
  const source = await fileSource(file);
  const started = performance.now();
  const result = await uploader.uploadSource(source, {
    fileName: 'bench.ndjson',
    contentType: 'application/x-ndjson',
  });
  const seconds = (performance.now() - started) / 1000;
  await source.close();
  process.stdout.write(
    JSON.stringify({
      seconds,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      objectSha256: result.objectSha256 !== undefined,
    }),
  );
} else {
  const dir = mkdtempSync(join(tmpdir(), 'mv-bench-mpc-'));
  const file = join(dir, 'bench.ndjson');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4 * 2 ** 20, 'chat log line 0123456789 abcdefghij\n');
  for (let left = mib * 2 ** 20; left > 0; left -= block.length)
    writeSync(fd, block, 0, Math.min(block.length, left));
  closeSync(fd);
  try {
    const runs = Object.fromEntries(builds.map((b) => [b, []]));
    for (let round = 0; round < rounds; round++) {
      for (const build of builds) {
        const { stdout } = await promisify(execFile)(process.execPath, [
          import.meta.filename,
          'child',
          build,
          file,
        ]);
        runs[build].push(JSON.parse(stdout));
      }
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(
      `multipart client work (read, part + object SHA-256), ${mib} MiB, 5 MiB parts, 4 in flight, median of ${rounds}`,
    );
    for (const build of builds) {
      const seconds = median(runs[build].map((r) => r.seconds));
      const rss = median(runs[build].map((r) => r.maxRssMiB));
      const hashes = runs[build][0].objectSha256 ? 'with objectSha256' : 'without objectSha256';
      console.log(
        `  ${build.padEnd(28)} ${((mib * 2 ** 20) / 1e6 / seconds).toFixed(0).padStart(5)} MB/s, peak RSS ${rss.toFixed(0)} MiB (${hashes})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
