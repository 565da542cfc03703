// Presign cost per URL, side by side in one process: the shipped handler (whole request: auth, validation,
// key, signing) and its signer alone, against getSignedUrl + S3Client and S3RequestPresigner alone; with
// BENCH_PREVIOUS set, also an earlier build's whole request, interleaved in the same rounds.
import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { createHandler, S3UrlSigner, StructuredLogger } from '@mv/presign-handler';
import { Hash } from '@smithy/hash-node';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const region = 'ap-northeast-1';
const bucket = 'media-viewer-v209-chat-logs-dev-123456789012';
const kmsKeyId = 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const key = 'chat-logs/alice/2026-11-23T16:20:00.123000001Z_chat.json';

const s3 = new S3Client({ region, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
const sdk = () =>
  getSignedUrl(
    s3,
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentType: 'application/json',
      ContentLength: 1234,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyId,
    }),
    { expiresIn: 3600 },
  );
const presigner = new S3RequestPresigner({ credentials, region, sha256: Hash.bind(null, 'sha256') });
const bare = () =>
  presigner.presign(
    {
      method: 'PUT',
      protocol: 'https:',
      hostname: `${bucket}.s3.${region}.amazonaws.com`,
      path: `/${key}`,
      query: {},
      headers: { 'content-type': 'application/json' },
    },
    { expiresIn: 3600 },
  );
const signer = new S3UrlSigner({ bucket, region, credentials });
const ours = () =>
  signer.presignPut({
    key,
    contentType: 'application/json',
    contentLength: 1234,
    kmsKeyId,
    ifNoneMatch: true,
    expiresIn: 3600,
  });
const apiKey = 'bench-key';
const handlerEnv = {
  S3_BUCKET_NAME: bucket,
  AWS_REGION: region,
  AUTH_MODE: 'api-key',
  API_KEYS: `alice:${createHash('sha256').update(apiKey).digest('hex')}`,
  KMS_KEY_ID: kmsKeyId,
};
const handler = createHandler({
  env: handlerEnv,
  credentials,
  logger: new StructuredLogger({ level: 'SILENT' }),
});
// A Function URL event as Lambda delivers it: a dozen headers and the request context.
const event = {
  version: '2.0',
  rawPath: '/',
  rawQueryString: '',
  headers: {
    accept: '*/*',
    'accept-encoding': 'gzip, deflate, br',
    authorization: `Bearer ${apiKey}`,
    'content-length': '160',
    'content-type': 'application/json',
    host: 'abcdefghijklmnopqrstuvwxyz123456.lambda-url.ap-northeast-1.on.aws',
    'user-agent': 'mv-chat-log-client/0.2.0 node/22',
    'x-amzn-tls-cipher-suite': 'TLS_AES_128_GCM_SHA256',
    'x-amzn-tls-version': 'TLSv1.3',
    'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
    'x-forwarded-for': '203.0.113.10',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  body: JSON.stringify({
    action: 'upload',
    fileName: 'chat.json',
    contentType: 'application/json',
    contentLength: 1234,
    checksumSha256: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
  }),
  isBase64Encoded: false,
  requestContext: {
    accountId: 'anonymous',
    apiId: 'abcdefghijklmnopqrstuvwxyz123456',
    domainName: 'abcdefghijklmnopqrstuvwxyz123456.lambda-url.ap-northeast-1.on.aws',
    http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'node' },
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    routeKey: '$default',
    stage: '$default',
    time: '30/Nov/2026:01:00:00 +0000',
    timeEpoch: 1796000000000,
  },
};
const wholeRequest = async () => {
  const result = await handler(event);
  if (result.statusCode !== 200) throw new Error(result.body);
};

const candidates = [
  ['getSignedUrl + S3Client (baseline)', sdk],
  ['S3RequestPresigner alone', bare],
  ['@mv/presign-handler S3UrlSigner.presignPut', ours],
  ['@mv/presign-handler whole request (auth+validate+key+sign)', wholeRequest],
];
// Side by side with an earlier build: BENCH_PREVIOUS=<one-file ESM bundle of an earlier @mv/presign-handler>.
if (process.env.BENCH_PREVIOUS) {
  const previous = await import(process.env.BENCH_PREVIOUS);
  const old = previous.createHandler({
    env: handlerEnv,
    credentials,
    logger: new previous.StructuredLogger({ level: 'SILENT' }),
  });
  candidates.push([
    'previous build, whole request',
    async () => {
      const result = await old(event);
      if (result.statusCode !== 200) throw new Error(result.body);
    },
  ]);
}
const N = Number(process.env.BENCH_N ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const samples = new Map(candidates.map(([name]) => [name, []]));
for (const [, fn] of candidates) for (let i = 0; i < 500; i++) await fn(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of candidates) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await fn();
    samples.get(name).push(Number(process.hrtime.bigint() - start) / 1000 / N);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const baseline = median(samples.get(candidates[0][0]));
console.log(`presign cost, median of ${ROUNDS} rounds x ${N} URLs (one process, interleaved)`);
if (process.env.BENCH_PREVIOUS) {
  // Round by round, so a busy machine slows both sides of each ratio alike.
  const ours = samples.get(candidates[3][0]);
  const previous = samples.get(candidates[4][0]);
  const ratios = ours.map((us, i) => us / previous[i]);
  console.log(
    `  whole request, this build / previous build, per round: ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
  );
}
for (const [name] of candidates) {
  const us = median(samples.get(name));
  console.log(
    `  ${name.padEnd(58)} ${us.toFixed(1).padStart(7)} us/URL  ${(us / baseline).toFixed(3)}x baseline`,
  );
}
