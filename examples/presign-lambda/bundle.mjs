// Bundles index.mjs into one minified ESM file with every dependency inlined: dist/index.mjs, handler
// "index.handler", runtime nodejs22.x. The module/main field order picks the SDK's ESM builds so unused code is
// shaken out.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'dist'), { recursive: true });
const result = await build({
  entryPoints: [join(here, 'index.mjs')],
  outfile: join(here, 'dist', 'index.mjs'),
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  legalComments: 'none',
  metafile: true,
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`dist/index.mjs: ${(bytes / 1024).toFixed(1)} KB (minified, dependencies inlined)`);
