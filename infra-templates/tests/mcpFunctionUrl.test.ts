import { describe, expect, it } from 'vitest';
import { loadTemplate, resource } from './support/loadTemplate.ts';
import { isCreated, resolverFor } from './support/resolveIntrinsics.ts';

const template = loadTemplate('cloudtrail-insights/mcp-lambda.yaml');
const required = { CodeBucket: 'artifacts' };
const publicUrl = { ...required, FunctionUrlAuthType: 'NONE' };

// biome-ignore lint/suspicious/noExplicitAny: resolved template properties are arbitrary JSON
type Json = any;

function resolved(logicalId: string, given: Record<string, string>): Json {
  return resolverFor(template, given)(resource(template, logicalId).Properties);
}

describe('MCP Function URL authentication (issue 12 item 11)', () => {
  it('defaults to AWS_IAM and offers NONE only as a choice', () => {
    // Prepare
    const parameter = template.Parameters?.FunctionUrlAuthType;

    // Act
    const authType = resolved('McpFunctionUrl', required).AuthType;

    // Assess
    expect(parameter?.Default).toBe('AWS_IAM');
    expect(parameter?.AllowedValues).toEqual(['AWS_IAM', 'NONE']);
    expect(authType).toBe('AWS_IAM');
  });

  it('opens no public invoke permission and creates no token with AWS_IAM', () => {
    // Prepare
    const ids = ['McpFunctionUrlPermission', 'McpFunctionInvokePermission', 'McpAuthTokenSecret'];

    // Act
    const created = ids.filter((id) => isCreated(template, id, required));
    const env = resolved('McpFunction', required).Environment.Variables;

    // Assess
    expect(created).toEqual([]);
    expect(env.MCP_AUTH_MODE).toBe('iam');
    expect(env).not.toHaveProperty('MCP_AUTH_TOKEN_SECRET_ARN');
  });

  it('with a public URL keeps the token in Secrets Manager and names it by ARN only', () => {
    // Prepare
    const secret = resource(template, 'McpAuthTokenSecret');

    // Act
    const env = resolved('McpFunction', publicUrl).Environment.Variables;
    const policies = resolved('McpRole', publicUrl).Policies as Json[];
    const tokenRead = policies.find((p) => p.PolicyName === 'auth-token-read')?.PolicyDocument.Statement;

    // Assess
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString).toBeDefined();
    expect(isCreated(template, 'McpAuthTokenSecret', publicUrl)).toBe(true);
    expect(env.MCP_AUTH_MODE).toBe('token');
    expect(env.MCP_AUTH_TOKEN_SECRET_ARN).toBe('<McpAuthTokenSecret>');
    expect(tokenRead).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '<McpAuthTokenSecret>' },
    ]);
  });

  it.each([
    ['AWS_IAM', required],
    ['NONE', publicUrl],
  ])('puts no token in a plain environment variable or parameter (%s)', (_, given) => {
    // Prepare
    const noEcho = Object.entries(template.Parameters ?? {}).filter(([, p]) => p.NoEcho);

    // Act
    const env = resolved('McpFunction', given).Environment.Variables as Record<string, string>;
    const secretLooking = Object.keys(env).filter((name) => /TOKEN|SECRET|PASSWORD|KEY/.test(name));

    // Assess
    expect(noEcho).toEqual([]);
    expect(secretLooking.filter((name) => !name.endsWith('_SECRET_ARN'))).toEqual([]);
  });
});