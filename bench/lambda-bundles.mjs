// Bundles the shipped handler (examples/presign-lambda, a bare re-export) and the naive baseline the same way
// a Lambda deployment would: esbuild, minified, every dependency inlined. Shared by bundle-size and cold-start.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const outDir = join(here, '.out');

export async function bundle(name, entry) {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return { outfile, bytes: Object.values(result.metafile.outputs)[0].bytes };
}

export function bundleBoth() {
  return Promise.all([
    bundle('ours', join(here, '..', 'examples', 'presign-lambda', 'index.mjs')),
    bundle('naive', join(here, 'naive-handler.mjs')),
  ]);
}
