// The real CloudTrail events the CloudTrail benches resample: the Stratus Red Team detonations shipped with
// @mv/cloudtrail-insights (samples/stratus-red-team, Apache-2.0, provenance beside the files).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'packages',
  'cloudtrail-insights',
  'samples',
  'stratus-red-team',
);
