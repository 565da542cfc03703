/**
 * Where the analyses find CloudTrail, in one place: the Athena table's columns (the standard CloudTrail table of
 * the Athena user guide), its partition-projection keys, and the trail bucket's folder layout that both the
 * projection and the DuckDB file listing follow. Change a name here and every generated statement follows.
 *
 * @example
 * import { ATHENA_COLUMNS, PROJECTION_KEYS } from './tableLayout.js';
 * `${ATHENA_COLUMNS.eventName} = ?`; // 'eventname = ?'
 */
export const ATHENA_COLUMNS = {
  eventTime: 'eventtime',
  eventName: 'eventname',
  eventSource: 'eventsource',
  eventId: 'eventid',
  userIdentity: 'useridentity',
  awsRegion: 'awsregion',
  sourceIpAddress: 'sourceipaddress',
  userAgent: 'useragent',
  errorCode: 'errorcode',
  readOnly: 'readonly',
  recipientAccountId: 'recipientaccountid',
  resources: 'resources',
} as const;

/**
 * Partition-projection keys of the Athena table: `account` and `region` (enum or injected), `timestamp`
 * (`date` type, format `yyyy/MM/dd`), mapped by `storage.location.template` onto
 * `s3://<bucket>/AWSLogs/[<org-id>/]${account}/CloudTrail/${region}/${timestamp}`.
 *
 * @example
 * `"${PROJECTION_KEYS.date}" BETWEEN ? AND ?`;
 */
export const PROJECTION_KEYS = { account: 'account', region: 'region', date: 'timestamp' } as const;

/**
 * A trail log file's place in the bucket: `AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`.
 * Digest (`CloudTrail-Digest/`) and Insights (`CloudTrail-Insight/`) folders do not match.
 *
 * @example
 * TRAIL_FOLDER.exec('AWSLogs/o-ab12cd34ef/111122223333/CloudTrail/eu-west-1/2026/01/31/x.json.gz');
 */
export const TRAIL_FOLDER =
  /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\//;

/**
 * The record fields DuckDB reads typed (as `json_transform` targets); every other field stays in the JSON
 * record. The names are the record's own (camelCase): DuckDB matches struct fields case-insensitively, so the
 * shared SQL reads them with the Athena table's lower-case names.
 */
export const DUCKDB_RECORD_STRUCTURE = {
  eventTime: 'VARCHAR',
  eventName: 'VARCHAR',
  eventSource: 'VARCHAR',
  eventID: 'VARCHAR',
  awsRegion: 'VARCHAR',
  sourceIPAddress: 'VARCHAR',
  userAgent: 'VARCHAR',
  errorCode: 'VARCHAR',
  readOnly: 'VARCHAR',
  recipientAccountId: 'VARCHAR',
  resources: [{ ARN: 'VARCHAR', type: 'VARCHAR' }],
  userIdentity: {
    type: 'VARCHAR',
    principalId: 'VARCHAR',
    arn: 'VARCHAR',
    accountId: 'VARCHAR',
    invokedBy: 'VARCHAR',
    accessKeyId: 'VARCHAR',
    userName: 'VARCHAR',
    onBehalfOf: { userId: 'VARCHAR' },
    sessionContext: { sessionIssuer: { userName: 'VARCHAR' } },
  },
} as const;

/** Athena's on-demand price per TB (10^12 bytes) scanned, USD in most Regions, and its 10 MB minimum per query. */
export const ATHENA_PRICING = { usdPerTB: 5, minimumBytes: 10 * 1024 * 1024 } as const;
