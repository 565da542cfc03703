import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityAggregator, parseCloudTrail } from '../../src/index.js';
import { activitySummary } from '../../src/query/analyses/activitySummary.js';
import { DuckDbEngine } from '../../src/query/DuckDbEngine.js';

// Three principals named alice (an IAM user, a federated user, a role session's role) and one bob: the engines label
// identities as the in-process path does (docs/cloudtrail-insights/identities.md), so alice's calls never merge.
const account = '111122223333';
const base = {
  eventVersion: '1.08',
  eventSource: 'iam.amazonaws.com',
  awsRegion: 'us-east-1',
  recipientAccountId: account,
};
const who = {
  iamAlice: {
    type: 'IAMUser',
    arn: `arn:aws:iam::${account}:user/alice`,
    userName: 'alice',
    principalId: 'AIDAALICE',
  },
  fedAlice: {
    type: 'FederatedUser',
    arn: `arn:aws:sts::${account}:federated-user/alice`,
    principalId: `${account}:alice`,
  },
  roleAlice: {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/alice/s1`,
    principalId: 'AROAALICE:s1',
    sessionContext: {
      sessionIssuer: { type: 'Role', userName: 'alice', arn: `arn:aws:iam::${account}:role/alice` },
    },
  },
  bob: { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/bob`, userName: 'bob', principalId: 'AIDABOB' },
};
const records = [
  ['iamAlice', 'ListUsers', 3],
  ['fedAlice', 'CreateAccessKey', 2],
  ['roleAlice', 'GetRole', 1],
  ['bob', 'ListRoles', 4],
].flatMap(([key, eventName, n], i) =>
  Array.from({ length: n as number }, (_, j) => ({
    ...base,
    eventName,
    eventID: `e-${i}-${j}`,
    eventTime: `2024-10-0${i + 1}T10:0${j}:00Z`,
    userIdentity: who[key as keyof typeof who],
  })),
);

describe('identity labels in the DuckDB engine', () => {
  let root: string;
  let engine: DuckDbEngine;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mv-duckdb-ids-'));
    writeFileSync(join(root, 'events.json'), JSON.stringify(records));
    engine = await DuckDbEngine.open({ root, threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps same-name principals of different types apart, as the in-process labeller does', async () => {
    // Prepare
    const aggregator = new ActivityAggregator();
    aggregator.addAll(parseCloudTrail(JSON.stringify(records)));
    const expected = Object.fromEntries(aggregator.summary().byIdentity.map((c) => [c.key, c.count]));
    // Act
    const { result } = await activitySummary(engine, {});
    const byIdentity = Object.fromEntries(result.byIdentity.map((c) => [c.key, c.count]));
    const federated = await activitySummary(engine, { identity: 'FederatedUser:alice' });
    // Assess
    expect(byIdentity).toEqual({
      'IAMUser:alice': 3,
      'FederatedUser:alice': 2,
      'AssumedRole:alice': 1,
      bob: 4,
    });
    expect(byIdentity).toEqual(expected);
    expect(federated.result.byEventName).toEqual([{ key: 'CreateAccessKey', count: 2 }]);
  });
});
