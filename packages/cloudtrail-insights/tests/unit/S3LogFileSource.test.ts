import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3LogFileSource } from '../../src/index.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

expect.extend(allCustomMatcher);

const s3 = mockClient(S3Client);
const records = rawRecords(FIXTURE_DIR);
// A Node stream, as the SDK returns in Node; the SDK's mixin methods are not needed by the source.
const body = (value: unknown) =>
  Readable.from([gzipSync(Buffer.from(JSON.stringify({ Records: value })))]) as unknown as never;

describe('S3LogFileSource', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('discovers organisation accounts and Regions, lists day prefixes and reads gzipped files', async () => {
    // Prepare: an organisation trail with one account and two Regions
    const root = 'trail/AWSLogs/';
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: root, Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: `${root}o-abc123/` }],
    });
    s3.on(ListObjectsV2Command, { Prefix: `${root}o-abc123/`, Delimiter: '/' }).resolves({
      CommonPrefixes: [{ Prefix: `${root}o-abc123/111122223333/` }],
    });
    s3.on(ListObjectsV2Command, {
      Prefix: `${root}o-abc123/111122223333/CloudTrail/`,
      Delimiter: '/',
    }).resolves({
      CommonPrefixes: [
        { Prefix: `${root}o-abc123/111122223333/CloudTrail/eu-west-1/` },
        { Prefix: `${root}o-abc123/111122223333/CloudTrail/us-east-1/` },
      ],
    });
    const dayKey = `${root}o-abc123/111122223333/CloudTrail/eu-west-1/2024/07/30/`;
    s3.on(ListObjectsV2Command, { Prefix: dayKey }).resolves({
      Contents: [{ Key: `${dayKey}a.json.gz` }, { Key: `${dayKey}digest.txt` }],
    });
    const inWindow = records.filter((r) => String(r.eventTime).startsWith('2024-07-30'));
    s3.on(GetObjectCommand, { Key: `${dayKey}a.json.gz` }).resolves({ Body: body(records) });
    // Act
    const source = new S3LogFileSource({ bucket: 'trail-bucket', prefix: 'trail', concurrency: 2 });
    const result = await source.read({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T23:59:59Z' });
    // Assess
    expect(result.files).toBe(1);
    expect(result.truncated).toBe(false);
    expect(result.events.map((e) => e.eventId).sort()).toEqual(inWindow.map((r) => r.eventID).sort());
    const times = result.events.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const dayPrefixes = s3
      .commandCalls(ListObjectsV2Command)
      .map((c) => c.args[0].input)
      .filter((i) => !i.Delimiter)
      .map((i) => i.Prefix);
    // The window's day and the day after (late deliveries), for both Regions.
    expect(dayPrefixes.sort()).toEqual(
      [
        'eu-west-1/2024/07/30/',
        'eu-west-1/2024/07/31/',
        'us-east-1/2024/07/30/',
        'us-east-1/2024/07/31/',
      ].map((p) => `${root}o-abc123/111122223333/CloudTrail/${p}`),
    );
  });

  it('uses configured accounts and Regions without discovery and bounds the result', async () => {
    const day = 'AWSLogs/123456789012/CloudTrail/ap-northeast-1/2024/07/30/';
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: day }).callsFake((input: { ContinuationToken?: string }) =>
      input.ContinuationToken === 'n'
        ? { Contents: [{ Key: `${day}b.json.gz` }] }
        : { Contents: [{ Key: `${day}a.json.gz` }], IsTruncated: true, NextContinuationToken: 'n' },
    );
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(records) }));
    const source = new S3LogFileSource({
      bucket: 'b',
      accountIds: ['123456789012'],
      regions: ['ap-northeast-1'],
    });
    expect(
      await source.listFiles({ startTime: '2024-07-30T00:00:00Z', endTime: '2024-07-30T12:00:00Z' }),
    ).toEqual([`${day}a.json.gz`, `${day}b.json.gz`]);
    const result = await source.read({
      startTime: '2024-07-30T00:00:00Z',
      endTime: '2024-07-30T23:00:00Z',
      maxEvents: 3,
    });
    expect(result).toMatchObject({ truncated: true, files: 2 });
    expect(result.events).toHaveLength(3);
    expect(s3).not.toHaveReceivedCommandWith(ListObjectsV2Command, { Delimiter: '/' });
  });
});
