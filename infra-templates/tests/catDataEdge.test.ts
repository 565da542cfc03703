import { describe, expect, it } from 'vitest';
import { loadTemplate, resource, resourcesOfType } from './support/loadTemplate.ts';

const catData = loadTemplate('cat-data/cat-data.yaml');
const edge = loadTemplate('cat-data/edge-waf.yaml');

// biome-ignore lint/suspicious/noExplicitAny: WAF rules are arbitrary JSON
type Rule = any;

function rateRules(rules: Rule[]): Rule[] {
  return rules.filter((rule) => rule.Statement.RateBasedStatement);
}

describe('cat-data per-client rate limit where the client address is seen (issue 12 item 9)', () => {
  it('limits each viewer address in a CLOUDFRONT-scope web ACL', () => {
    // Prepare
    const acl = resource(edge, 'EdgeWebAcl');

    // Act
    const perClient = rateRules(acl.Properties.Rules).map((rule) => rule.Statement.RateBasedStatement);

    // Assess
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(perClient).toHaveLength(1);
    expect(perClient[0].AggregateKeyType).toBe('IP');
    expect(perClient[0].ScopeDownStatement).toBeUndefined();
  });

  it('attaches that web ACL to the distribution, accepting only a CLOUDFRONT-scope ACL ARN', () => {
    // Prepare
    const distribution = resource(catData, 'Distribution').Properties.DistributionConfig;
    const pattern = new RegExp(catData.Parameters?.EdgeWebAclArn?.AllowedPattern as string);

    // Act
    const attached = distribution.WebACLId;

    // Assess
    expect(attached).toEqual({ Ref: 'EdgeWebAclArn' });
    expect(
      pattern.test('arn:aws:wafv2:us-east-1:123456789012:global/webacl/cat-data-edge/0b1c2d3e-aaaa'),
    ).toBe(true);
    expect(
      pattern.test('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cat-data-api/0b1c2d3e-aaaa'),
    ).toBe(false);
  });

  it('counts by IP on the regional stage only requests that did not come through CloudFront', () => {
    // Prepare
    const regional = resource(catData, 'WebAcl');
    const apiOrigin = resource(catData, 'Distribution').Properties.DistributionConfig.Origins.find(
      (origin: Rule) => origin.Id === 'api',
    );

    // Act
    const ipRules = rateRules(regional.Properties.Rules).filter(
      (rule) => rule.Statement.RateBasedStatement.AggregateKeyType === 'IP',
    );
    const fromCloudFront = ipRules.map(
      (rule) =>
        rule.Statement.RateBasedStatement.ScopeDownStatement?.NotStatement?.Statement?.ByteMatchStatement,
    );
    const sent = apiOrigin.OriginCustomHeaders?.[0];

    // Assess
    expect(regional.Properties.Scope).toBe('REGIONAL');
    expect(ipRules).toHaveLength(1);
    expect(fromCloudFront[0]?.FieldToMatch).toEqual({ SingleHeader: { Name: sent?.HeaderName } });
    expect(fromCloudFront[0]?.PositionalConstraint).toBe('EXACTLY');
    expect(fromCloudFront[0]?.SearchString).toEqual(sent?.HeaderValue);
    expect(JSON.stringify(sent?.HeaderValue)).toContain('{{resolve:secretsmanager:');
  });
});

describe('cat-data stateful resources outlive the stack (issue 12 item 9)', () => {
  it.each([['AWS::Cognito::UserPool'], ['AWS::Logs::LogGroup']])(
    'retains every %s on deletion and on replacement',
    (type) => {
      // Prepare
      const found = resourcesOfType(catData, type);

      // Act
      const policies = found.map(([id, r]) => [id, r.DeletionPolicy, r.UpdateReplacePolicy]);

      // Assess
      expect(found.length).toBeGreaterThan(0);
      expect(policies).toEqual(found.map(([id]) => [id, 'Retain', 'Retain']));
    },
  );
});