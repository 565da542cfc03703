import { describe, expect, it } from 'vitest';
import { loadTemplate, resource } from './support/loadTemplate.ts';
import { resolverFor } from './support/resolveIntrinsics.ts';

const athena = loadTemplate('cloudtrail-insights/athena.yaml');
const mcp = loadTemplate('cloudtrail-insights/mcp-lambda.yaml');
const single = { TrailBucketName: 'trail-bucket', AccountIds: '111122223333', StartDate: '2024/01/01' };
const organisation = { ...single, OrganizationId: 'o-a1b2c3d4e5', TrailPrefix: 'org-trail/' };
const trailKey = 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// biome-ignore lint/suspicious/noExplicitAny: resolved template properties are arbitrary JSON
type Json = any;

function statements(given: Record<string, string>): Json[] {
  const policy = resolverFor(athena, given)(resource(athena, 'McpAthenaPolicy').Properties) as Json;
  return policy.PolicyDocument.Statement;
}

function statement(given: Record<string, string>, sid: string): Json {
  return statements(given).find((s) => s.Sid === sid);
}

describe('Athena workgroup enforces its configuration (issue 13 item 3)', () => {
  it('enforces KMS-encrypted results in the results bucket and a bytes-scanned ceiling', () => {
    // Prepare
    const workGroup = resource(athena, 'WorkGroup');

    // Act
    const config = resolverFor(athena, single)(workGroup.Properties.WorkGroupConfiguration) as Json;

    // Assess
    expect(config.EnforceWorkGroupConfiguration).toBe(true);
    expect(config.BytesScannedCutoffPerQuery).toBe('10737418240');
    expect(config.ResultConfiguration.OutputLocation).toBe('s3://<ResultsBucket>/results/');
    expect(config.ResultConfiguration.EncryptionConfiguration).toEqual({
      EncryptionOption: 'SSE_KMS',
      KmsKey: '<ResultsKey.Arn>',
    });
  });

  it('keeps results KMS-encrypted at rest and expires them', () => {
    // Prepare
    const bucket = resource(athena, 'ResultsBucket').Properties;

    // Act
    const encryption =
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    const rules = bucket.LifecycleConfiguration.Rules as Json[];

    // Assess
    expect(encryption).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': ['ResultsKey', 'Arn'] },
    });
    expect(rules.filter((r) => r.Status === 'Enabled').map((r) => r.ExpirationInDays)).toEqual([
      { Ref: 'ResultsExpirationDays' },
    ]);
  });
});

describe('MCP function access to Athena is least privilege (issue 13 item 3)', () => {
  it('names a resource in every statement: no "*"', () => {
    // Prepare
    const all = statements({ ...organisation, TrailKmsKeyArn: trailKey });

    // Act
    const resources = all.flatMap((s) => [s.Resource].flat());

    // Assess
    expect(resources.filter((r) => r === '*' || /:\*$/.test(r))).toEqual([]);
  });

  it('runs Athena on the one workgroup and reads the one database and table', () => {
    // Prepare
    const given = single;

    // Act
    const query = statement(given, 'QueryThroughWorkGroup');
    const glue = statement(given, 'ReadTableDefinition');

    // Assess
    expect(query.Resource).toBe('arn:aws:athena:eu-west-1:123456789012:workgroup/<WorkGroup>');
    expect(query.Action.every((a: string) => a.startsWith('athena:'))).toBe(true);
    expect(glue.Action.every((a: string) => /^glue:Get/.test(a))).toBe(true);
    expect(glue.Resource).toEqual([
      'arn:aws:glue:eu-west-1:123456789012:catalog',
      'arn:aws:glue:eu-west-1:123456789012:database/<Database>',
      'arn:aws:glue:eu-west-1:123456789012:table/<Database>/cloudtrail_logs',
    ]);
  });

  it.each([
    ['single-account', single, 'AWSLogs/'],
    ['organisation', organisation, 'org-trail/AWSLogs/o-a1b2c3d4e5/'],
  ])('reads and lists only the trail prefix of a %s trail', (_, given, prefix) => {
    // Prepare
    const bucket = 'arn:aws:s3:::trail-bucket';

    // Act
    const read = statement(given, 'ReadTrailLogFiles');
    const list = statement(given, 'ListTrailPrefix');

    // Assess
    expect(read.Action).toBe('s3:GetObject');
    expect(read.Resource).toBe(`${bucket}/${prefix}*/CloudTrail/*`);
    expect(list.Action).toBe('s3:ListBucket');
    expect(list.Resource).toBe(bucket);
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': `${prefix}*` } });
  });

  it('decrypts with the trail key only when one is given, and with no other key', () => {
    // Prepare
    const withKey = { ...single, TrailKmsKeyArn: trailKey };

    // Act
    const decrypt = (given: Record<string, string>) =>
      statements(given)
        .filter((s) => [s.Action].flat().includes('kms:Decrypt'))
        .map((s) => s.Resource);

    // Assess
    expect(decrypt(single)).toEqual(['<ResultsKey.Arn>']);
    expect(decrypt(withKey)).toEqual(['<ResultsKey.Arn>', trailKey]);
  });

  it('is attached to the MCP function, which then queries through Athena', () => {
    // Prepare
    const given = { CodeBucket: 'artifacts', AthenaStackName: 'insights-athena' };
    const resolve = resolverFor(mcp, given);

    // Act
    const role = resolve(resource(mcp, 'McpRole').Properties) as Json;
    const env = (resolve(resource(mcp, 'McpFunction').Properties) as Json).Environment.Variables;

    // Assess
    expect(role.ManagedPolicyArns).toEqual(['<import:insights-athena-McpAthenaPolicyArn>']);
    expect(env).toMatchObject({
      CLOUDTRAIL_SOURCE: 'athena',
      ATHENA_WORKGROUP: '<import:insights-athena-WorkGroup>',
      ATHENA_DATABASE: '<import:insights-athena-Database>',
      ATHENA_TABLE: '<import:insights-athena-Table>',
    });
  });
});