// Bundles the MCP Lambda handler into dist-lambda/lambda.mjs (one ESM file, AWS SDK v3 included so the
// versions are the tested ones). Deploy: cd dist-lambda && zip -r ../lambda.zip . ; upload; Handler lambda.handler.
// Usage: node bundle-lambda.mjs [outdir]   (default dist-lambda)
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] ?? join(here, 'dist-lambda'));
const outfile = join(outdir, 'lambda.mjs');
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'lambda.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  // CommonJS dependencies call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
console.log(`${outfile} ${(statSync(outfile).size / 1024).toFixed(0)} KiB`);
