import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type MotoServer, motoAvailable, motoCredentials, startMoto } from '@mv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3LogFileSource } from '../../src/index.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

const hasMoto = motoAvailable();

describe.skipIf(!hasMoto)('S3LogFileSource against moto (real S3 protocol)', () => {
  let moto: MotoServer;
  const saved = process.env.AWS_ENDPOINT_URL_S3;
  const records = rawRecords(FIXTURE_DIR);
  const bucket = 'org-trail-logs';
  const prefix = 'trail/AWSLogs/o-abc123def4/111122223333/CloudTrail';

  beforeAll(async () => {
    moto = await startMoto();
    // The source reaches S3 through the SDK's standard variable, as it would any custom endpoint.
    process.env.AWS_ENDPOINT_URL_S3 = moto.endpoint;
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
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
    else process.env.AWS_ENDPOINT_URL_S3 = saved;
    await moto?.stop();
  });

  it('discovers the organisation trail, selects files by date prefix and reads every event of the window', async () => {
    const source = new S3LogFileSource({
      bucket,
      prefix: 'trail',
      concurrency: 3,
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
});
