import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { s3Endpoint } from '@mv/http-edge';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3LogFileSource } from '../../src/index.js';
import { CloudTrailFileError, LogFileTooLargeError, WindowTooLongError } from '../../src/sources/errors.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

expect.extend(allCustomMatcher);

const s3 = mockClient(S3Client);
const records = rawRecords(FIXTURE_DIR);
// A Node stream, as the SDK returns in Node; the SDK's mixin methods are not needed by the source.
const stream = (bytes: Buffer) => Readable.from([bytes]) as unknown as never;
const body = (value: unknown) => stream(gzipSync(Buffer.from(JSON.stringify({ Records: value }))));
const file = (region: string, day: string, id: string) =>
  `${region}${day}/111122223333_CloudTrail_x_${day.replaceAll('/', '')}T0000Z_${id}.json.gz`;
const listInputs = () => s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);

describe('S3LogFileSource', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('discovers organisation accounts and Regions and lists each Region once from the window start', async () => {
    // Prepare: an organisation trail with one account and two Regions; eu-west-1 holds files from before the
    // window to after it, on two pages
    const root = 'trail/AWSLogs/';
    const trail = `${root}o-abc123/111122223333/CloudTrail/`;
    const eu = `${trail}eu-west-1/`;
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: root, Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: `${root}o-abc123/` }],
    });
    s3.on(ListObjectsV2Command, { Prefix: `${root}o-abc123/`, Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: `${root}o-abc123/111122223333/` }],
    });
    s3.on(ListObjectsV2Command, { Prefix: trail, Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: eu }, { Prefix: `${trail}us-east-1/` }],
    });
    s3.on(ListObjectsV2Command, { Prefix: eu }).callsFake((input: { ContinuationToken?: string }) =>
      input.ContinuationToken
        ? { Contents: [{ Key: file(eu, '2024/08/05', 'later') }] }
        : {
            Contents: [
              { Key: file(eu, '2024/07/30', 'a') },
              { Key: `${eu}2024/07/30/digest.txt` },
              { Key: file(eu, '2024/07/31', 'b') },
              { Key: file(eu, '2024/08/01', 'late') },
            ],
            IsTruncated: true,
            NextContinuationToken: 'more',
          },
    );
    const inWindow = records.filter((r) => String(r.eventTime).startsWith('2024-07-30'));
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body([]) }));
    s3.on(GetObjectCommand, { Key: file(eu, '2024/07/30', 'a') }).callsFake(() => ({ Body: body(records) }));
    // Act
    const source = new S3LogFileSource({ bucket: 'trail-bucket', prefix: 'trail', concurrency: 2 });
    const result = await source.read({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T23:59:59Z' });
    // Assess: the window's day and the day after (late deliveries), the key past them ends the listing
    expect(result).toMatchObject({ files: 2, truncated: false });
    expect(result.events.map((e) => e.eventId).sort()).toEqual(inWindow.map((r) => r.eventID).sort());
    const times = result.events.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const regionLists = listInputs().filter((i) => !i.Delimiter);
    expect(regionLists.map((i) => [i.Prefix, i.StartAfter])).toEqual([
      [eu, `${eu}2024/07/30`],
      [`${trail}us-east-1/`, `${trail}us-east-1/2024/07/30`],
    ]);
  });

  it('refuses a window longer than the limit before any S3 call, naming the limit', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves({});
    const source = new S3LogFileSource({ bucket: 'b', accountIds: ['123456789012'], regions: ['eu-west-1'] });
    // Act
    const read = source.read({ startTime: '1000-01-01T00:00:00Z', endTime: '2024-07-30T00:00:00Z' });
    // Assess
    await expect(read).rejects.toBeInstanceOf(WindowTooLongError);
    await expect(read).rejects.toThrow(/at most 366 days per call/);
    expect(s3).not.toHaveReceivedCommand(ListObjectsV2Command);
    const narrow = new S3LogFileSource({ bucket: 'b', regions: ['eu-west-1'], maxWindowDays: 7 });
    await expect(
      narrow.listFiles({ startTime: '2024-07-01T00:00:00Z', endTime: '2024-07-30T00:00:00Z' }),
    ).rejects.toMatchObject({ requestedDays: 29, limitDays: 7 });
  });

  it('stops reading files once maxEvents is passed and reports truncated', async () => {
    // Prepare: three files of the same day, read one at a time
    const day = 'AWSLogs/123456789012/CloudTrail/ap-northeast-1/';
    s3.on(ListObjectsV2Command).resolves({
      Contents: ['a', 'b', 'c'].map((id) => ({ Key: file(day, '2024/07/30', id) })),
    });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(records) }));
    const source = new S3LogFileSource({
      bucket: 'b',
      accountIds: ['123456789012'],
      regions: ['ap-northeast-1'],
      concurrency: 1,
    });
    // Act
    const result = await source.read({
      startTime: '2024-07-30T00:00:00Z',
      endTime: '2024-07-30T23:00:00Z',
      maxEvents: 3,
    });
    // Assess
    expect(result).toMatchObject({ truncated: true, files: 1 });
    expect(result.events).toHaveLength(3);
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(s3).not.toHaveReceivedCommandWith(ListObjectsV2Command, { Delimiter: '/' });
  });

  it('stops inflating a file past the decompressed-size cap with an error naming the file', async () => {
    // Prepare: 64 MiB of zeros gzip to about 64 KiB
    const key = file('AWSLogs/1/CloudTrail/eu-west-1/', '2024/07/30', 'bomb');
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key }] });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: stream(gzipSync(Buffer.alloc(64 * 1024 * 1024))) }));
    const source = new S3LogFileSource({
      bucket: 'b',
      accountIds: ['1'],
      regions: ['eu-west-1'],
      maxFileBytes: 1024 * 1024,
    });
    // Act
    const read = source.read({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T01:00:00Z' });
    // Assess
    await expect(read).rejects.toBeInstanceOf(LogFileTooLargeError);
    await expect(read).rejects.toMatchObject({ file: key, limitBytes: 1024 * 1024 });
  });

  it('names a file in the trail that is not CloudTrail', async () => {
    // Prepare
    const key = file('AWSLogs/1/CloudTrail/eu-west-1/', '2024/07/30', 'other');
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key }] });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: stream(gzipSync('{"name":"not-a-trail"}')) }));
    const source = new S3LogFileSource({ bucket: 'b', accountIds: ['1'], regions: ['eu-west-1'] });
    // Act
    const read = source.read({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T01:00:00Z' });
    // Assess
    await expect(read).rejects.toBeInstanceOf(CloudTrailFileError);
    await expect(read).rejects.toThrow(`${key}: not CloudTrail`);
  });

  describe('endpoint', () => {
    const saved = process.env.AWS_ENDPOINT_URL_S3;
    afterEach(() => {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
      else process.env.AWS_ENDPOINT_URL_S3 = saved;
    });

    it('addresses the endpoint the caller passes path-style and never reads the environment itself', async () => {
      // Prepare
      process.env.AWS_ENDPOINT_URL_S3 = 'http://from-the-environment:9';
      // Act
      const passed = new S3LogFileSource({
        bucket: 'b',
        endpoint: s3Endpoint({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5000/' }),
      });
      const plain = new S3LogFileSource({ bucket: 'b', clientConfig: { region: 'eu-west-1' } });
      // Assess
      expect(passed.client.config.forcePathStyle).toBe(true);
      expect((await passed.client.config.endpoint!()).hostname).toBe('127.0.0.1');
      expect(plain.client.config.forcePathStyle).toBe(false);
    });
  });
});
