/**
 * Test and demo stand-ins, kept out of the main entry (`@mv/cloudtrail-insights/testing`): a local endpoint that
 * speaks CloudTrail's LookupEvents wire format, with CloudTrail's quota and throttling, reached through the SDK's
 * standard `AWS_ENDPOINT_URL_CLOUDTRAIL`.
 *
 * @module
 */
export {
  type LocalCloudTrail,
  type LocalCloudTrailOptions,
  type LocalCloudTrailStats,
  startLocalCloudTrail,
} from './local/LocalCloudTrailEndpoint.js';
