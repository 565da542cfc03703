import { describe, expect, it } from 'vitest';
import { type ParsedEvent, parseCloudTrail, suggestPolicy } from '../../src/index.js';
import { iamActionInfo } from '../../src/model/iamActionData.js';
import { iamActionFor, iamActionsFor } from '../../src/model/suggestPolicy.js';

function call(eventSource: string, eventName: string, extra: Record<string, unknown> = {}): ParsedEvent {
  const [event] = parseCloudTrail([
    {
      eventTime: '2026-01-05T09:00:00Z',
      eventSource,
      eventName,
      awsRegion: 'eu-west-1',
      userIdentity: { type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
      ...extra,
    },
  ]);
  return event!;
}

const actionsOf = (events: ParsedEvent[]) =>
  suggestPolicy(events)
    .Statement.flatMap((s) => s.Action)
    .sort();

describe('iamActionsFor', () => {
  it('asks for ListSecrets only when BatchGetSecretValue selected secrets with filters', () => {
    // Prepare
    const filtered = call('secretsmanager.amazonaws.com', 'BatchGetSecretValue', {
      requestParameters: { filters: [{ key: 'tag-key', values: ['team'] }] },
    });
    const listed = call('secretsmanager.amazonaws.com', 'BatchGetSecretValue', {
      requestParameters: { secretIdList: ['db', 'api'] },
    });

    // Act
    const withFilters = actionsOf([filtered]);
    const withIds = actionsOf([listed]);

    // Assess
    expect(withFilters).toEqual([
      'secretsmanager:BatchGetSecretValue',
      'secretsmanager:GetSecretValue',
      'secretsmanager:ListSecrets',
    ]);
    expect(withIds).toEqual(['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue']);
  });

  it('assumes filters when the request is unknown (stand-ins built from engine rows)', () => {
    // Prepare
    const standIn = { action: 'secretsmanager:BatchGetSecretValue', record: {} } as ParsedEvent;

    // Act
    const actions = iamActionsFor(standIn).map((r) => r.action);

    // Assess
    expect(actions).toContain('secretsmanager:ListSecrets');
  });

  it('spells actions as IAM does: service prefix from the source, case, API version suffixes', () => {
    // Prepare
    const events = [
      call('monitoring.amazonaws.com', 'PutMetricAlarm'),
      call('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2'),
      call('ec2.amazonaws.com', 'describeinstances'),
      call('s3.amazonaws.com', 'HeadObject'),
    ];

    // Act
    const actions = events.map((e) => iamActionFor(e));

    // Assess
    expect(actions).toEqual([
      'cloudwatch:PutMetricAlarm',
      'lambda:UpdateFunctionCode',
      'ec2:DescribeInstances',
      's3:GetObject',
    ]);
  });

  it('needs no permission for GetCallerIdentity and console sign-in', () => {
    // Prepare
    const events = [
      call('sts.amazonaws.com', 'GetCallerIdentity'),
      call('signin.amazonaws.com', 'ConsoleLogin'),
    ];

    // Act
    const policy = suggestPolicy(events);

    // Assess
    expect(policy.Statement).toEqual([]);
  });

  it('names only actions the service authorization reference knows, exceptions included', () => {
    // Prepare
    const exceptional = [
      ['s3.amazonaws.com', 'ListObjectsV2'],
      ['s3.amazonaws.com', 'CopyObject'],
      ['s3.amazonaws.com', 'UploadPartCopy'],
      ['s3.amazonaws.com', 'CompleteMultipartUpload'],
      ['s3.amazonaws.com', 'HeadBucket'],
      ['s3.amazonaws.com', 'ListObjectVersions'],
      ['secretsmanager.amazonaws.com', 'BatchGetSecretValue'],
    ] as const;

    // Act
    const unknown = exceptional
      .flatMap(([source, name]) => iamActionsFor(call(source, name)))
      .filter((needed) => needed.info === undefined || !iamActionInfo(...split(needed.action)));

    // Assess
    expect(unknown).toEqual([]);
  });
});

function split(action: string): [string, string] {
  const colon = action.indexOf(':');
  return [action.slice(0, colon), action.slice(colon + 1)];
}

describe('suggestPolicy resources', () => {
  it('scopes an action only to recorded ARNs of a resource type it takes', () => {
    // Prepare
    const role = 'arn:aws:iam::111122223333:role/deployer';
    const key = 'arn:aws:iam::111122223333:accesskey/ASIAEXAMPLE';
    const assume = call('sts.amazonaws.com', 'AssumeRole', { resources: [{ ARN: role }, { ARN: key }] });
    const list = call('secretsmanager.amazonaws.com', 'ListSecrets', {
      resources: [{ ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf' }],
    });

    // Act
    const policy = suggestPolicy([assume, list]);

    // Assess
    const resourceOf = (action: string) => policy.Statement.find((s) => s.Action.includes(action))?.Resource;
    expect(resourceOf('sts:AssumeRole')).toEqual([role]);
    expect(resourceOf('secretsmanager:ListSecrets')).toBe('*');
  });
});
