import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { type IamActionInfo, iamActionInfo } from './iamActionData.js';

/** One IAM action a CloudTrail call needed. */
export interface RequiredAction {
  /** `service:Action`, spelled as IAM spells it. */
  action: string;
  /** The reference entry; `undefined` when the action is not in the data (a new or unknown API). */
  info: IamActionInfo | undefined;
  /** Whether the resource ARNs CloudTrail recorded for the call may scope it; dependent actions use `*`. */
  scopedByEvent: boolean;
}

// The exception list: calls whose IAM action is not their event name. The service authorization reference has no
// event names, so these come from AWS's documentation (S3's "actions and permissions" table; Secrets Manager's
// BatchGetSecretValue page). A unit test checks every action named here exists in the data.
const RENAMED: Readonly<Record<string, string>> = {
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  's3:HeadBucket': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:CopyObject': 's3:PutObject',
  's3:UploadPartCopy': 's3:PutObject',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
};

function requestParameters(event: Pick<ParsedEvent, 'record'>): Record<string, unknown> | null | undefined {
  const value = (event.record as { requestParameters?: unknown } | undefined)?.requestParameters;
  if (value === undefined) return undefined;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

// Actions a call needs besides its own, where the reference lists none (its dependentActions are empty for these).
const ALSO_NEEDED: Readonly<Record<string, (event: Pick<ParsedEvent, 'record'>) => string[]>> = {
  // Reading the source object; CloudTrail records the copy under the destination.
  's3:CopyObject': () => ['s3:GetObject'],
  's3:UploadPartCopy': () => ['s3:GetObject'],
  // GetSecretValue for each secret returned, and ListSecrets when the call selects secrets with filters. Without
  // the request (stand-ins built from aggregated engine rows) the filters are unknown: assume they were used.
  'secretsmanager:BatchGetSecretValue': (event) => {
    const params = requestParameters(event);
    const filtered = params === undefined || (Array.isArray(params?.filters) && params.filters.length > 0);
    return filtered
      ? ['secretsmanager:GetSecretValue', 'secretsmanager:ListSecrets']
      : ['secretsmanager:GetSecretValue'];
  },
};

// Calls that need no permission at all.
const NO_PERMISSION: ReadonlySet<string> = new Set(['sts:GetCallerIdentity', 'signin:ConsoleLogin']);

// Event sources whose first label is not the IAM service prefix.
const PREFIX_FOR_SOURCE: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  tagging: 'tag',
};

// Some event names carry the API version (`UpdateFunctionCode20150331v2`, `CreateDistribution2020_05_31`).
const API_VERSION = /(\d{8}|\d{4}_\d{2}_\d{2})(v\d+)?$/;

function lookUp(service: string, name: string): IamActionInfo | undefined {
  const prefix = iamActionInfo(service, name) ? service : (PREFIX_FOR_SOURCE[service] ?? service);
  return iamActionInfo(prefix, name) ?? iamActionInfo(prefix, name.replace(API_VERSION, ''));
}

function required(action: string, scopedByEvent: boolean): RequiredAction {
  const colon = action.indexOf(':');
  const info = lookUp(action.slice(0, colon), action.slice(colon + 1));
  if (info) return { action: info.action, info, scopedByEvent };
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1).replace(API_VERSION, '');
  return { action: `${PREFIX_FOR_SOURCE[service] ?? service}:${name}`, info: undefined, scopedByEvent };
}

/**
 * Every IAM action a CloudTrail call needed, derived from its `eventSource` + `eventName` (the event's `action`)
 * with AWS's service authorization reference: the service prefix, the action looked up case-correctly (API
 * version suffixes dropped), the reference's dependent actions, and a small documented exception list for calls
 * whose action differs from the event name (S3 object and multipart calls, `BatchGetSecretValue`). Empty for
 * calls that need no permission (`sts:GetCallerIdentity`, console sign-in).
 *
 * @example
 * iamActionsFor({ action: 'secretsmanager:BatchGetSecretValue', record: { requestParameters: { filters: [] } } })
 *   .map((r) => r.action); // ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue']
 */
export function iamActionsFor(event: Pick<ParsedEvent, 'action' | 'record'>): RequiredAction[] {
  if (NO_PERMISSION.has(event.action)) return [];
  const primary = required(RENAMED[event.action] ?? event.action, true);
  const result = [primary];
  const extra = [...(ALSO_NEEDED[event.action]?.(event) ?? []), ...(primary.info?.dependentActions ?? [])];
  for (const action of extra) {
    if (!result.some((r) => r.action.toLowerCase() === action.toLowerCase()))
      result.push(required(action, false));
  }
  return result;
}

/**
 * The main IAM action of a CloudTrail call (see {@link iamActionsFor} for all it needed).
 *
 * @example
 * iamActionFor({ action: 's3:HeadObject' }); // 's3:GetObject'
 * iamActionFor({ action: 'lambda:UpdateFunctionCode20150331v2' }); // 'lambda:UpdateFunctionCode'
 */
export function iamActionFor(event: Pick<ParsedEvent, 'action'>): string {
  return required(RENAMED[event.action] ?? event.action, true).action;
}
