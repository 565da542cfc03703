import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder up from here with pnpm-workspace.yaml. */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))) {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Where the real CloudTrail events are: CLOUDTRAIL_DATA_DIR, else ../shared/data/cloudtrail beside the
 * repository (as on CI), else the subset committed with the package's tests.
 */
export function findCloudTrailData() {
  const root = repoRoot();
  const candidates = [
    process.env.CLOUDTRAIL_DATA_DIR,
    resolve(root, '..', 'shared', 'data', 'cloudtrail'),
    resolve(root, 'shared', 'data', 'cloudtrail'),
  ].filter(Boolean);
  for (const dir of candidates) if (existsSync(dir)) return { dir, bundledSubset: false };
  return { dir: join(root, 'packages', 'cloudtrail-insights', 'tests', 'fixtures'), bundledSubset: true };
}
