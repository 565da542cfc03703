// Deployable bundle size of the presign Lambda (minified, dependencies inlined) against the naive handler.
import { bundleBoth } from './lambda-bundles.mjs';

const [ours, naive] = await bundleBoth();
console.log('deployable bundle (esbuild, minified, dependencies inlined)');
console.log(`  @mv/presign-handler re-export  ${(ours.bytes / 1024).toFixed(1).padStart(7)} KB`);
console.log(
  `  naive handler                  ${(naive.bytes / 1024).toFixed(1).padStart(7)} KB  (ours = ${(ours.bytes / naive.bytes).toFixed(3)}x)`,
);
