// Bundles index.mjs into one minified ESM file with every dependency inlined: dist/index.mjs, handler
// "index.handler", runtime nodejs22.x. The module/main field order picks the SDK's ESM builds so unused code is
// shaken out. bench/ bundles its baseline with the same function.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles `entry` the way this Lambda is deployed; returns the output file and its size in bytes. */
export async function bundleLambda(entry, outfile) {
  mkdirSync(dirname(outfile), { recursive: true });
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
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return { outfile, bytes: Object.values(result.metafile.outputs)[0].bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes } = await bundleLambda(join(here, 'index.mjs'), join(here, 'dist', 'index.mjs'));
  console.log(`dist/index.mjs: ${(bytes / 1024).toFixed(1)} KB (minified, dependencies inlined)`);
}
