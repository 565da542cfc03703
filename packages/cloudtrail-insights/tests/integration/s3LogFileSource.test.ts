import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3Endpoint } from '@mv/http-edge';
import { type MotoServer, motoAvailable, motoCredentials, startMoto } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpOptionsFromEnv, S3LogFileSource } from '../../src/index.js';
import { LogFileTooLargeError, WindowTooLongError } from '../../src/sources/errors.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

const hasMoto = motoAvailable();

describe.skipIf(!hasMoto)('S3LogFileSource against moto (real S3 protocol)', () => {
  let moto: MotoServer;
  let endpoint: string | undefined;
  const records = rawRecords(FIXTURE_DIR);
  const bucket = 'org-trail-logs';
  const prefix = 'trail/AWSLogs/o-abc123def4/111122223333/CloudTrail';

  beforeAll(async () => {
    moto = await startMoto();
    // The caller reads the SDK's standard variable once (the shared edge's s3Endpoint) and passes it in.
    endpoint = s3Endpoint({ AWS_ENDPOINT_URL_S3: moto.endpoint });
    const s3 = new S3Client({ ...motoCredentials, forcePathStyle: true, endpoint: moto.endpoint });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // One gzipped log file per day and Region, as CloudTrail delivers them.
    const byDay = new Map<string, Record<string, unknown>[]>();
    for (const record of records) {
      const day = String(record.eventTime).slice(0, 10).replaceAll('-', '/');
      byDay.set(day, [...(byDay.get(day) ?? []), record]);
    }
    for (const [day, dayRecords] of byDay) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        const half = dayRecords.filter((_, i) => (region === 'eu-west-1' ? i % 2 === 0 : i % 2 === 1));
        if (half.length === 0) continue;
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `${prefix}/${region}/${day}/111122223333_CloudTrail_${region}_${day.replaceAll('/', '')}T0000Z_x.json.gz`,
            Body: gzipSync(JSON.stringify({ Records: half })),
          }),
        );
      }
    }
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('configured from the environment (CLOUDTRAIL_SOURCE=s3 + AWS_ENDPOINT_URL_S3), reads path-style from moto', async () => {
    // Prepare: what the bin and the Lambda read; the SDK's credential and Region variables come from the process.
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: motoCredentials.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: motoCredentials.credentials.secretAccessKey,
      AWS_REGION: motoCredentials.region,
    });
    try {
      const { provider } = mcpOptionsFromEnv({
        MCP_AUTH_MODE: 'none',
        CLOUDTRAIL_SOURCE: 's3',
        CLOUDTRAIL_BUCKET: bucket,
        CLOUDTRAIL_PREFIX: 'trail',
        AWS_ENDPOINT_URL_S3: moto.endpoint,
      });
      // Act
      const { events } = await provider.fetch({
        startTime: '2024-07-01T00:00:00Z',
        endTime: '2024-12-31T23:59:59Z',
      });
      // Assess
      expect(events.length).toBe(records.length);
    } finally {
      process.env = saved;
    }
  });

  it('discovers the organisation trail, selects files by date prefix and reads every event of the window', async () => {
    const source = new S3LogFileSource({
      bucket,
      prefix: 'trail',
      concurrency: 3,
      endpoint,
      clientConfig: motoCredentials,
    });
    const { events, files, truncated } = await source.read({
      startTime: '2024-07-01T00:00:00Z',
      endTime: '2024-12-31T23:59:59Z',
    });
    expect(truncated).toBe(false);
    expect(files).toBeGreaterThan(1);
    expect(events.map((e) => e.eventId).sort()).toEqual(records.map((r) => String(r.eventID)).sort());

    const day = await source.read({ startTime: '2024-07-31T00:00:00Z', endTime: '2024-07-31T23:59:59Z' });
    const expected = records.filter((r) => String(r.eventTime).startsWith('2024-07-31'));
    expect(day.events).toHaveLength(expected.length);
    expect(day.files).toBeLessThan(files);
  });

  it('bounds the window, the events of a call and the decompressed size of a file', async () => {
    // Prepare: a gzip bomb (64 MiB of spaces, about 64 KiB gzipped) in a Region of its own
    const s3 = new S3Client({ ...motoCredentials, forcePathStyle: true, endpoint });
    const bomb = `${prefix}/ap-south-1/2024/07/30/111122223333_CloudTrail_ap-south-1_20240730T0000Z_b.json.gz`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: bomb,
        Body: gzipSync(Buffer.alloc(64 * 1024 * 1024, ' ')),
      }),
    );
    const source = (regions: string[]) =>
      new S3LogFileSource({
        bucket,
        prefix: 'trail',
        regions,
        endpoint,
        clientConfig: motoCredentials,
        maxFileBytes: 4 * 1024 * 1024,
      });
    // Act
    const failure = (read: Promise<unknown>) =>
      read.then(
        () => undefined,
        (error: unknown) => error,
      );
    const ancient = await failure(
      source(['eu-west-1']).read({ startTime: '1000-01-01T00:00:00Z', endTime: '2024-12-31T00:00:00Z' }),
    );
    const bounded = await source(['eu-west-1', 'us-east-1']).read({
      startTime: '2024-07-01T00:00:00Z',
      endTime: '2024-12-31T23:59:59Z',
      maxEvents: 5,
    });
    const inflated = await failure(
      source(['ap-south-1']).read({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T12:00:00Z' }),
    );
    // Assess
    expect(ancient).toBeInstanceOf(WindowTooLongError);
    expect(bounded.truncated).toBe(true);
    expect(bounded.events).toHaveLength(5);
    expect(inflated).toBeInstanceOf(LogFileTooLargeError);
    expect(inflated).toMatchObject({ file: bomb, limitBytes: 4 * 1024 * 1024 });
  });
});
