import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CloudTrailParseError,
  identityName,
  parseCloudTrail,
  parseCloudTrailDetailed,
} from '../../src/index.js';
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
