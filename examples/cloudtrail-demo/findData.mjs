import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real CloudTrail events shipped with `@mv/cloudtrail-insights` (Stratus Red Team detonations, Apache-2.0). */
export const SAMPLE_DIR = dirname(
  fileURLToPath(import.meta.resolve('@mv/cloudtrail-insights/samples/stratus-red-team/README.md')),
);

/** Where the CloudTrail events for the demo are: CLOUDTRAIL_DATA_DIR when set, else the package's sample. */
export function findCloudTrailData() {
  return { dir: process.env.CLOUDTRAIL_DATA_DIR || SAMPLE_DIR };
}
