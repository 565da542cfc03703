import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { type ParsedEvent, suggestPolicy } from '../../src/index.js';
import { arnMatchesAction } from '../../src/model/iamActionData.js';
import { iamActionsFor, type RequiredAction } from '../../src/model/requiredActions.js';
import { fixtureEvents } from '../support/fixtures.js';

interface Recorded {
  userIdentity?: { arn?: string };
  recipientAccountId?: string;
  resources?: { ARN?: string }[];
}

// The resources one required action touched: the recorded ARNs of a type it takes, else a resource built from the
// action's first ARN format (the policy must allow any resource then), else `*` for wildcard-only actions.
function resourcesFor(needed: RequiredAction, event: ParsedEvent): string[] {
  const record = event.record as Recorded;
  const arns = (record.resources ?? []).map((r) => r.ARN ?? '').filter((arn) => arn.startsWith('arn:'));
  const matching = needed.info ? arns.filter((arn) => arnMatchesAction(arn, needed.info!)) : arns;
  if (needed.scopedByEvent && matching.length > 0) return matching;
  const format = needed.info?.arnFormats[0];
  if (!format) return ['*'];
  const account = record.recipientAccountId ?? '123456789012';
  const values: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: account };
  return [format.replace(/\$\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'example')];
}

async function decision(
  policy: unknown,
  event: ParsedEvent,
  action: string,
  resource: string,
): Promise<string> {
  const record = event.record as Recorded;
  const account = record.recipientAccountId ?? '123456789012';
  const result = await runSimulation(
    {
      request: {
        principal: record.userIdentity?.arn ?? `arn:aws:iam::${account}:user/caller`,
        action,
        resource: { resource, accountId: account },
        contextVariables: {},
      },
      identityPolicies: [{ name: 'suggested', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') return `error: ${result.errors.message}`;
  return result.overallResult;
}

describe('suggestPolicy, checked with an IAM policy simulator', () => {
  it('allows every successful call in every real event file it was built from', async () => {
    // Prepare
    const events = fixtureEvents();
    const byIdentity = new Map<string, ParsedEvent[]>();
    for (const event of events)
      byIdentity.set(event.identity, [...(byIdentity.get(event.identity) ?? []), event]);
    const denied: string[] = [];
    let checked = 0;

    // Act
    for (const [identity, own] of byIdentity) {
      const policy = suggestPolicy(own);
      for (const event of own.filter((e) => !e.errorCode)) {
        for (const needed of iamActionsFor(event)) {
          for (const resource of resourcesFor(needed, event)) {
            checked++;
            const outcome = await decision(policy, event, needed.action, resource);
            if (outcome !== 'Allowed')
              denied.push(`${identity} ${event.action} -> ${needed.action} on ${resource}: ${outcome}`);
          }
        }
      }
    }

    // Assess
    expect(denied).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('needs BatchGetSecretValue, GetSecretValue and ListSecrets for a filtered batch read, all allowed', async () => {
    // Prepare
    const batch = fixtureEvents().filter((e) => e.action === 'secretsmanager:BatchGetSecretValue');
    const policy = suggestPolicy(batch);

    // Act
    const outcomes = await Promise.all(
      ['BatchGetSecretValue', 'GetSecretValue', 'ListSecrets'].map((name) =>
        decision(
          policy,
          batch[0]!,
          `secretsmanager:${name}`,
          name === 'GetSecretValue' ? 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' : '*',
        ),
      ),
    );

    // Assess
    expect(batch.length).toBeGreaterThan(0);
    expect(outcomes).toEqual(['Allowed', 'Allowed', 'Allowed']);
  });
});
