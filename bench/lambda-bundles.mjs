// The shipped handler (examples/presign-lambda, a bare re-export) and the naive baseline, bundled the same way a
// Lambda deployment is (the example's own bundle function). Shared by bundle-size and cold-start.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLambda } from '../examples/presign-lambda/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const outDir = join(here, '.out');

export function bundleBoth() {
  return Promise.all([
    bundleLambda(join(here, '..', 'examples', 'presign-lambda', 'index.mjs'), join(outDir, 'ours.mjs')),
    bundleLambda(join(here, 'naive-handler.mjs'), join(outDir, 'naive.mjs')),
  ]);
}
