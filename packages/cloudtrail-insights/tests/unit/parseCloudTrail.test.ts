import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { errorResponse, StructuredLogger } from '@mv/http-edge';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CloudTrailParseError,
  filesProvider,
  identityName,
  parseCloudTrail,
  parseCloudTrailDetailed,
  readCloudTrailFiles,
} from '../../src/index.js';
import { CloudTrailFileError } from '../../src/sources/errors.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

const records = rawRecords(FIXTURE_DIR);
const stopLogging = join(FIXTURE_DIR, 'aws.defense-evasion.cloudtrail-stop.json');

describe('parseCloudTrail accepts every input form', () => {
  it('reads a bare JSON array file (the Stratus Red Team format)', () => {
    const events = parseCloudTrail(readFileSync(stopLogging, 'utf8'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventName: 'StopLogging',
      action: 'cloudtrail:StopLogging',
      identity: 'christophe',
    });
  });

  it('reads a log file {"Records": [...]}, plain and gzipped, to the same events', () => {
    const file = JSON.stringify({ Records: records });
    const plain = parseCloudTrail(file);
    const gz = parseCloudTrail(gzipSync(Buffer.from(file)));
    expect(plain).toHaveLength(records.length);
    expect(gz.map((e) => e.eventId)).toEqual(plain.map((e) => e.eventId));
  });

  it('reads JSON Lines, with blank lines', () => {
    const text = `${records.map((r) => JSON.stringify(r)).join('\n')}\n\n`;
    expect(parseCloudTrail(text)).toHaveLength(records.length);
  });

  it('reads a LookupEvents page: the full record comes from the CloudTrailEvent string', () => {
    const page = {
      Events: records.slice(0, 5).map((r) => ({
        EventId: r.eventID,
        EventName: r.eventName,
        EventTime: new Date(String(r.eventTime)),
        CloudTrailEvent: JSON.stringify(r),
      })),
    };
    const events = parseCloudTrail(page);
    expect(events.map((e) => e.eventId)).toEqual(records.slice(0, 5).map((r) => r.eventID));
    expect(events[0]!.record.userIdentity).toEqual(records[0]!.userIdentity);
  });

  it('keeps unknown fields of the record', () => {
    const [event] = parseCloudTrail([{ ...records[0], somethingNew: { nested: 1 } }]);
    expect(event!.record.somethingNew).toEqual({ nested: 1 });
    expect(event!.record.tlsDetails).toEqual(records[0]!.tlsDetails);
  });

  it('accepts made-up Regions and invalid IPs of the anonymised data, and flags them', () => {
    const { events, rejected } = parseCloudTrailDetailed(records);
    expect(rejected).toEqual([]);
    const odd = events.find((e) => e.sourceIp === '211.9.016.253' || e.flags.includes('invalid-ip'));
    expect(odd?.flags).toContain('invalid-ip');
    expect(events.every((e) => e.flags.includes('unknown-region'))).toBe(true);
    const real = parseCloudTrail([{ ...records[0], awsRegion: 'eu-west-1', sourceIPAddress: '192.0.2.10' }]);
    expect(real[0]!.flags).toEqual([]);
    const service = parseCloudTrail([{ ...records[0], sourceIPAddress: 'cloudtrail.amazonaws.com' }]);
    expect(service[0]!.flags).not.toContain('invalid-ip');
  });

  it('reports records without the essential fields instead of throwing', () => {
    const { events, rejected } = parseCloudTrailDetailed([records[0], { eventName: 'X' }, 42]);
    expect(events).toHaveLength(1);
    expect(rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(rejected[0]!.reason).toMatch(/eventTime|eventSource/);
  });

  it('throws CloudTrailParseError only for input that is not JSON', () => {
    expect(() => parseCloudTrail('this is not json')).toThrow(CloudTrailParseError);
    expect(() => parseCloudTrail('{"a":1}\nnot json')).toThrow(/line 2/);
    expect(parseCloudTrail('')).toEqual([]);
  });

  it('reads readOnly given as a string', () => {
    const [event] = parseCloudTrail([{ ...records[0], readOnly: 'false' }]);
    expect(event!.readOnly).toBe(false);
  });
});

describe('identityName normalises every userIdentity variant', () => {
  it.each([
    [{ type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::1:user/alice' }, 'alice'],
    [
      {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::1:assumed-role/deployer/session-1',
        sessionContext: { sessionIssuer: { type: 'Role', userName: 'deployer' } },
      },
      'deployer',
    ],
    [
      {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Dev_abc/bob@example.com',
        sessionContext: { sessionIssuer: { type: 'Role', userName: 'AWSReservedSSO_Dev_abc' } },
      },
      'AWSReservedSSO_Dev_abc/bob@example.com',
    ],
    [{ type: 'FederatedUser', arn: 'arn:aws:sts::1:federated-user/carol', principalId: '1:carol' }, 'carol'],
    [{ type: 'Root', arn: 'arn:aws:iam::1:root', accountId: '1' }, 'root'],
    [{ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }, 'lambda.amazonaws.com'],
    [{ invokedBy: 'cloudtrail.amazonaws.com' }, 'cloudtrail.amazonaws.com'],
    [{ type: 'IdentityCenterUser', onBehalfOf: { userId: 'u-123', identityStoreArn: 'arn:x' } }, 'u-123'],
    [{ type: 'AWSAccount', accountId: '999' }, 'account:999'],
  ])('%j -> %s', (identity, expected) => {
    expect(identityName(identity)).toBe(expected);
  });

  it('names the real federated user of the data set by its federated name', () => {
    const events = parseCloudTrail(
      readFileSync(join(FIXTURE_DIR, 'aws.persistence.sts-federation-token.json')),
    );
    const federated = events.find((e) => e.identityType === 'FederatedUser');
    expect(federated?.identity).toBe('stratus_red_team');
  });

  it('flags a record with no identity at all', () => {
    const [event] = parseCloudTrail([
      { eventTime: '2024-01-01T00:00:00Z', eventName: 'X', eventSource: 's3.amazonaws.com' },
    ]);
    expect(event).toMatchObject({ identity: 'unknown', flags: ['unknown-identity'] });
  });
});

describe('bounded gzip input', () => {
  it('refuses gzip that inflates beyond the limit with a clear error', () => {
    // Prepare: 8 MiB of spaces, about 8 KiB gzipped
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '));
    // Act
    const parse = () => parseCloudTrailDetailed(bomb, { maxDecompressedBytes: 1024 * 1024 });
    // Assess
    expect(parse).toThrow(CloudTrailParseError);
    expect(parse).toThrow('gzip input inflates to more than 1048576 bytes (the limit)');
  });
});

describe('a CloudTrail folder with a file that is not CloudTrail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudtrail-files-'));
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'stop.json'), readFileSync(stopLogging));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['package.json', '{"name":"my-app","version":"1.0.0"}', /none of its 1 records is a CloudTrail event/],
    ['notes.jsonl', 'first line\nsecond line', /not CloudTrail: line 1 is not valid JSON/],
    ['empty.json.gz', 'not gzip', /not CloudTrail: input starts like gzip but is not valid gzip/],
  ])('names %s and says what is wrong', async (name, content, reason) => {
    // Prepare
    const path = join(dir, 'exports', name);
    writeFileSync(path, name.endsWith('.gz') ? Buffer.from([0x1f, 0x8b, 0, 1, 2]) : content);
    // Act
    const read = readCloudTrailFiles(dir).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Assess
    const error = (await read) as CloudTrailFileError;
    rmSync(path);
    expect(error).toBeInstanceOf(CloudTrailFileError);
    expect(error.file).toBe(join('exports', name));
    expect(error.message).toMatch(`exports/${name}: `);
    expect(error.message).toMatch(reason);
  });

  it('reaches a web caller as a 422 naming the file, not an internal error', async () => {
    // Prepare
    writeFileSync(join(dir, 'exports', 'mapping.json'), '[{"csvColumn":"name"}]');
    const provider = filesProvider(dir);
    // Act
    const error = await provider.fetch({}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const response = errorResponse(error, { requestId: 'r-1', logger: new StructuredLogger() });
    // Assess
    rmSync(join(dir, 'exports', 'mapping.json'));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UnreadableCloudTrailFile');
    expect(body.error.message).toMatch(/^exports\/mapping\.json: not CloudTrail/);
  });

  it('still reads the folder once the file is gone', async () => {
    // Act
    const events = await readCloudTrailFiles(dir);
    // Assess
    expect(events.map((e) => e.eventName)).toEqual(['StopLogging']);
  });
});
