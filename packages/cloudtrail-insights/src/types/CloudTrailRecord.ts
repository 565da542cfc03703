import { z } from 'zod';

/**
 * `userIdentity` of a CloudTrail record. Every variant (IAMUser, AssumedRole, FederatedUser, Root, AWSService,
 * AWSAccount, IdentityCenterUser, SAMLUser, WebIdentityUser, and records with no `type` at all) fits this one
 * loose shape; unknown fields are kept.
 *
 * @example
 * const identity = UserIdentity.parse({ type: 'IAMUser', userName: 'alice' });
 */
export const UserIdentity = z.looseObject({
  type: z.string().optional(),
  principalId: z.string().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  userName: z.string().optional(),
  invokedBy: z.string().optional(),
  accessKeyId: z.string().optional(),
  sessionContext: z
    .looseObject({
      sessionIssuer: z
        .looseObject({
          type: z.string().optional(),
          userName: z.string().optional(),
          arn: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  onBehalfOf: z
    .looseObject({ userId: z.string().optional(), identityStoreArn: z.string().optional() })
    .optional(),
});
/** @see UserIdentity */
export type UserIdentity = z.infer<typeof UserIdentity>;

/**
 * One CloudTrail record as CloudTrail writes it (log files, `CloudTrailEvent` of LookupEvents). Only the fields the
 * analysis needs are checked; every other field is kept as is. Odd values (made-up regions, invalid IPs) are
 * accepted here and flagged by {@link normaliseRecord}.
 *
 * @example
 * const record = CloudTrailRecord.parse(JSON.parse(line));
 */
export const CloudTrailRecord = z.looseObject({
  eventTime: z.string(),
  eventName: z.string(),
  eventSource: z.string(),
  eventID: z.string().optional(),
  eventVersion: z.string().optional(),
  eventType: z.string().optional(),
  awsRegion: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
  readOnly: z.union([z.boolean(), z.string()]).optional(),
  recipientAccountId: z.string().optional(),
  userIdentity: UserIdentity.optional(),
});
/** @see CloudTrailRecord */
export type CloudTrailRecord = z.infer<typeof CloudTrailRecord>;

/** Why a record was flagged; the raw value is kept. */
export const RecordFlag = z.enum(['unknown-region', 'invalid-ip', 'unknown-identity', 'invalid-time']);
/** @see RecordFlag */
export type RecordFlag = z.infer<typeof RecordFlag>;

/**
 * A normalised CloudTrail event: the shape every aggregation, the behaviour model and the MCP tools work on.
 * `identity` is one label per principal whatever the `userIdentity` variant (short where unambiguous), with
 * `identityKey` and `displayName` beside it; `action` is the IAM action (`s3:GetObject`).
 *
 * @example
 * const [event] = parseCloudTrail(text);
 * console.log(event.identity, event.action, event.flags);
 */
export const InsightEvent = z.object({
  eventId: z.string().optional(),
  eventTime: z.string(),
  /** Milliseconds since the epoch (NaN never: invalid times are flagged and set to 0). */
  timestamp: z.number(),
  eventName: z.string(),
  eventSource: z.string(),
  action: z.string(),
  /**
   * Who made the call: the short {@link InsightEvent.displayName} where, in the events read together, only one type
   * of principal carries it, else `<type>:<displayName>` (`labelIdentities`). Group by this.
   */
  identity: z.string(),
  /** Unique per principal: `<type>:<ARN or id>` (`identityKey`); `unknown` when the record names no one. */
  identityKey: z.string().optional(),
  /** The short name (`identityName`): a user, role or federated name, `root`, a service; may be shared. */
  displayName: z.string().optional(),
  identityType: z.string(),
  accountId: z.string().optional(),
  region: z.string().optional(),
  sourceIp: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  readOnly: z.boolean().optional(),
  flags: z.array(RecordFlag),
});
/** @see InsightEvent */
export type InsightEvent = z.infer<typeof InsightEvent>;

/** An {@link InsightEvent} with the original record attached (unknown fields included). */
export type ParsedEvent = InsightEvent & { record: CloudTrailRecord };
