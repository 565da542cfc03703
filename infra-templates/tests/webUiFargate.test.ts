import { describe, expect, it } from 'vitest';
import { loadTemplate, resource, resourcesOfType } from './support/loadTemplate.ts';
import { resolverFor } from './support/resolveIntrinsics.ts';

const template = loadTemplate('cloudtrail-insights/web-ui-fargate.yaml');
const required = {
  VpcId: 'vpc-1',
  PublicSubnetIds: 'subnet-a,subnet-b',
  PrivateSubnetIds: 'subnet-c,subnet-d',
  CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0000-1111',
  DomainName: 'insights.example.com',
  CognitoDomainPrefix: 'insights-example',
};
const digest = `sha256:${'ab'.repeat(32)}`;

// biome-ignore lint/suspicious/noExplicitAny: listener actions are arbitrary JSON
type Action = any;

function imageFor(given: Record<string, string>): string {
  const task = resource(template, 'TaskDefinition');
  const resolved = resolverFor(template, { ...required, ...given })(task.Properties) as Action;
  return resolved.ContainerDefinitions[0].Image;
}

function rulesAllow(given: Record<string, string>): boolean {
  const resolve = resolverFor(template, { ...required, ...given });
  return Object.values(template.Rules ?? {}).every((rule) =>
    rule.Assertions.every((assertion) => resolve(assertion.Assert) === true),
  );
}

describe('web UI image is pinned (issue 12 item 14)', () => {
  it('makes the repository tags immutable', () => {
    // Prepare
    const repository = resource(template, 'Repository');

    // Act
    const mutability = repository.Properties.ImageTagMutability;

    // Assess
    expect(mutability).toBe('IMMUTABLE');
  });

  it('has no default tag and refuses latest', () => {
    // Prepare
    const tag = template.Parameters?.ImageTag;

    // Act
    const latestAllowed = rulesAllow({ ImageTag: 'latest' });
    const versionAllowed = rulesAllow({ ImageTag: '1.4.2' });

    // Assess
    expect(tag?.Default).toBeUndefined();
    expect(latestAllowed).toBe(false);
    expect(versionAllowed).toBe(true);
  });

  it('runs the given version, or exactly the given digest', () => {
    // Prepare
    const byTag = { ImageTag: '1.4.2' };
    const byDigest = { ImageTag: '1.4.2', ImageDigest: digest };

    // Act
    const tagged = imageFor(byTag);
    const pinned = imageFor(byDigest);

    // Assess
    expect(tagged).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/<Repository>:1.4.2');
    expect(pinned).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/<Repository>@${digest}`);
  });
});

describe('web UI load balancer: HTTPS and sign-in (issue 12 item 10)', () => {
  const listeners = resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::Listener').map(([, r]) => r);

  it('forwards to the app only over HTTPS with the certificate parameter and a TLS 1.2+ policy', () => {
    // Prepare
    const forwarding = listeners.filter((l) =>
      l.Properties.DefaultActions.some((a: Action) => a.Type === 'forward'),
    );

    // Act
    const shapes = forwarding.map((l) => [
      l.Properties.Protocol,
      l.Properties.Port,
      l.Properties.Certificates,
    ]);

    // Assess
    expect(shapes).toEqual([['HTTPS', 443, [{ CertificateArn: { Ref: 'CertificateArn' } }]]]);
    expect(forwarding[0]?.Properties.SslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-1-2/);
  });

  it('signs the user in with Cognito before forwarding', () => {
    // Prepare
    const https = listeners.find((l) => l.Properties.Protocol === 'HTTPS');

    // Act
    const actions = [...https?.Properties.DefaultActions].sort((a: Action, b: Action) => a.Order - b.Order);

    // Assess
    expect(actions.map((a: Action) => a.Type)).toEqual(['authenticate-cognito', 'forward']);
    expect(actions[0].AuthenticateCognitoConfig).toMatchObject({
      UserPoolArn: { 'Fn::GetAtt': ['UserPool', 'Arn'] },
      OnUnauthenticatedRequest: 'authenticate',
    });
  });

  it('answers plain HTTP with nothing but a permanent redirect to HTTPS', () => {
    // Prepare
    const http = listeners.filter((l) => l.Properties.Protocol === 'HTTP');

    // Act
    const actions = http.flatMap((l) => l.Properties.DefaultActions);

    // Assess
    expect(http).toHaveLength(1);
    expect(actions).toHaveLength(1);
    expect(actions[0].Type).toBe('redirect');
    expect(actions[0].RedirectConfig).toMatchObject({
      Protocol: 'HTTPS',
      Port: '443',
      StatusCode: 'HTTP_301',
    });
  });

  it('sends Cognito back to the UI host over HTTPS and keeps the users when the stack goes', () => {
    // Prepare
    const client = resource(template, 'UserPoolClient');
    const pool = resource(template, 'UserPool');

    // Act
    const callbacks = resolverFor(template, required)(client.Properties.CallbackURLs);

    // Assess
    expect(callbacks).toEqual(['https://insights.example.com/oauth2/idpresponse']);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect([pool.DeletionPolicy, pool.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });
});