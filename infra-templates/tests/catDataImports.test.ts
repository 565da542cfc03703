import { describe, expect, it } from 'vitest';
import { loadTemplate, resource } from './support/loadTemplate.ts';

const catData = loadTemplate('cat-data/cat-data.yaml');

// biome-ignore lint/suspicious/noExplicitAny: IAM statements are arbitrary JSON
type Statement = any;
const statements = (roleId: string): Statement[] =>
  resource(catData, roleId).Properties.Policies.flatMap(
    (policy: Statement) => policy.PolicyDocument.Statement,
  );

describe('cat-data imports run in their own function, not in the API (issue 11 item 11)', () => {
  it('gives the import function a long timeout, the API a short one', () => {
    // Prepare
    const api = resource(catData, 'ApiFunction').Properties;
    const worker = resource(catData, 'ImportFunction').Properties;

    // Act
    const timeouts = [api.Timeout, worker.Timeout];

    // Assess
    expect(timeouts).toEqual([10, 900]);
    expect(worker.Handler).toBe('index.importHandler');
    expect(worker.DeadLetterConfig.TargetArn).toEqual({ 'Fn::GetAtt': ['ImportDeadLetterQueue', 'Arn'] });
  });

  it('invokes the import function from run requests written to runs/ only, and lets only S3 of this bucket invoke it', () => {
    // Prepare
    const bucket = resource(catData, 'RawCsvBucket');
    const permission = resource(catData, 'ImportFunctionS3Permission').Properties;

    // Act
    const [trigger, ...others] = bucket.Properties.NotificationConfiguration.LambdaConfigurations;

    // Assess
    expect(others).toEqual([]);
    expect(trigger.Function).toEqual({ 'Fn::GetAtt': ['ImportFunction', 'Arn'] });
    expect(trigger.Filter.S3Key.Rules).toContainEqual({ Name: 'prefix', Value: 'runs/' });
    expect((bucket as { DependsOn?: unknown }).DependsOn).toBe('ImportFunctionS3Permission');
    expect(permission.Principal).toBe('s3.amazonaws.com');
    expect(permission.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('lets the API write run requests and the import function read them, nothing wider', () => {
    // Act
    const apiRuns = statements('ApiFunctionRole').find((s) => s.Sid === 'RequestImportRuns');
    const workerReads = statements('ImportFunctionRole').find((s) => s.Sid === 'ReadUploadsAndRunRequests');
    const workerWrites = statements('ImportFunctionRole').filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('s3:Put')),
    );

    // Assess
    expect(apiRuns.Action).toBe('s3:PutObject');
    expect(JSON.stringify(apiRuns.Resource)).toContain('/runs/*');
    expect(workerReads.Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect(workerWrites).toEqual([]);
  });
});
