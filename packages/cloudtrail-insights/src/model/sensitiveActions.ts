/**
 * Calls that weaken logging, open data or create credentials: always worth a look, whoever made them.
 * Keyed by IAM action (`service:EventName`).
 *
 * @example
 * SENSITIVE_ACTIONS.has('cloudtrail:StopLogging'); // true
 */
export const SENSITIVE_ACTIONS: ReadonlySet<string> = new Set([
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketPublicAccessBlock',
  's3:DeleteBucketPublicAccessBlock',
  's3:PutBucketLifecycle',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateUser',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'ec2:DeleteFlowLogs',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'ec2:GetPasswordData',
  'ec2:ModifyInstanceAttribute',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'guardduty:DeleteDetector',
  'organizations:LeaveOrganization',
  'logs:DeleteLogGroup',
  'route53resolver:DeleteResolverQueryLogConfig',
  'secretsmanager:BatchGetSecretValue',
  'lambda:AddPermission',
  'sts:GetFederationToken',
]);
