import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BehaviourModel, parseCloudTrail, readCloudTrailFiles } from '../../src/index.js';
import { IdentityLabeller } from '../../src/labelIdentities.js';
import { FIXTURE_DIR, rawRecords } from '../support/fixtures.js';

const DOC = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../docs/cloudtrail-insights/identities.md',
);

/** The examples table of the documented rule: `userIdentity` JSON, key, display name. */
function documentedExamples(): [string, string, string][] {
  return readFileSync(DOC, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `{'))
    .map((line) => {
      const cells = line.split(' | ').map((cell) => cell.replace(/^\|? ?`|` ?\|?$/g, ''));
      return [cells[0]!, cells[1]!, cells[2]!];
    });
}

let seconds = 0;
function call(userIdentity: Record<string, unknown>, eventName: string, eventSource = 'iam.amazonaws.com') {
  seconds += 10;
  return {
    eventTime: new Date(Date.UTC(2024, 6, 30, 9, 0, seconds)).toISOString(),
    eventName,
    eventSource,
    eventID: `e-${seconds}`,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.7',
    userIdentity,
  };
}

const account = '111122223333';
const iamAlice = { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/alice`, userName: 'alice' };
const federatedAlice = {
  type: 'FederatedUser',
  arn: `arn:aws:sts::${account}:federated-user/alice`,
  principalId: `${account}:alice`,
};
const roleAlice = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${account}:assumed-role/alice/s1`,
  sessionContext: { sessionIssuer: { userName: 'alice', arn: `arn:aws:iam::${account}:role/alice` } },
};
const sessionAlice = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${account}:assumed-role/deploy/alice`,
  sessionContext: { sessionIssuer: { userName: 'deploy', arn: `arn:aws:iam::${account}:role/deploy` } },
};

describe('identity keys follow the documented rule', () => {
  const examples = documentedExamples();

  it.each(examples)('%s -> %s (%s)', (json, key, displayName) => {
    // Act
    const [event] = parseCloudTrail([call(JSON.parse(json), 'GetUser')]);
    // Assess
    expect(event).toMatchObject({ identityKey: key, displayName, identity: displayName });
  });

  it('covers every identity type of the samples', () => {
    // Prepare
    const documented = new Set(examples.map(([, key]) => key.split(':')[0]));
    // Act
    const types = new Set(rawRecords(FIXTURE_DIR).map((r) => (r.userIdentity as { type?: string }).type));
    // Assess
    expect(examples.length).toBeGreaterThanOrEqual(16);
    for (const type of types) expect(documented).toContain(type);
  });
});

describe('principals that share a name do not merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identities-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps an IAM user, a federated user and a role called alice apart, and a role session by its role', () => {
    // Prepare: the federated "alice" stops logging and creates an access key
    const records = [
      call(iamAlice, 'ListBuckets', 's3.amazonaws.com'),
      call(iamAlice, 'GetObject', 's3.amazonaws.com'),
      call(federatedAlice, 'StopLogging', 'cloudtrail.amazonaws.com'),
      call(federatedAlice, 'CreateAccessKey'),
      call(roleAlice, 'DescribeInstances', 'ec2.amazonaws.com'),
      call(sessionAlice, 'PutObject', 's3.amazonaws.com'),
    ];
    // Act
    const events = parseCloudTrail(records);
    const policy = BehaviourModel.fit(events).suggestPolicy('IAMUser:alice');
    // Assess
    expect(events.map((e) => e.identity)).toEqual([
      'IAMUser:alice',
      'IAMUser:alice',
      'FederatedUser:alice',
      'FederatedUser:alice',
      'AssumedRole:alice',
      'deploy',
    ]);
    expect(new Set(events.map((e) => e.identityKey)).size).toBe(4);
    expect(events.every((e) => e.displayName === (e.identity === 'deploy' ? 'deploy' : 'alice'))).toBe(true);
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('cloudtrail:StopLogging');
    expect(actions).not.toContain('iam:CreateAccessKey');
  });

  it('keeps them apart across the files of a folder', async () => {
    // Prepare: each file alone has one alice
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ Records: [call(iamAlice, 'ListBuckets')] }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ Records: [call(federatedAlice, 'StopLogging')] }));
    // Act
    const events = await readCloudTrailFiles(dir);
    // Assess
    expect(events.map((e) => e.identity).sort()).toEqual(['FederatedUser:alice', 'IAMUser:alice']);
  });

  it('keeps them apart from page to page, with stable labels', () => {
    // Prepare
    const labeller = new IdentityLabeller();
    // Act
    const first = labeller.label(parseCloudTrail([call(iamAlice, 'ListBuckets')]));
    const second = labeller.label(parseCloudTrail([call(federatedAlice, 'StopLogging')]));
    const third = labeller.label(parseCloudTrail([call(iamAlice, 'GetObject')]));
    // Assess
    expect([...first, ...second, ...third].map((e) => e.identity)).toEqual([
      'alice',
      'FederatedUser:alice',
      'alice',
    ]);
  });

  it('labels the real samples by their short names, one key per principal', async () => {
    // Act
    const events = await readCloudTrailFiles(FIXTURE_DIR);
    // Assess: no name of the samples is carried by two types, so every label is the short name
    expect(events.every((e) => e.identity === e.displayName)).toBe(true);
    const keysByLabel = new Map<string, Set<string>>();
    for (const e of events)
      keysByLabel.set(e.identity, (keysByLabel.get(e.identity) ?? new Set()).add(e.identityKey!));
    for (const [label, keys] of keysByLabel)
      for (const key of keys)
        expect(key.startsWith(`${events.find((e) => e.identity === label)!.identityType}:`)).toBe(true);
    // christophe is an IAM user in many accounts: one label, one key per account
    expect(keysByLabel.get('christophe')!.size).toBeGreaterThan(20);
    expect(keysByLabel.get('stratus_red_team')).toEqual(
      new Set(['FederatedUser:arn:aws:sts::742491224508:federated-user/stratus_red_team']),
    );
  });
});
