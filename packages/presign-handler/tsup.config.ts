import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  // The private edge (@mv/http-edge) is bundled in, code and types, so the published package stands alone.
  dts: { resolve: ['@mv/http-edge'] },
  noExternal: ['@mv/http-edge'],
  clean: true,
  sourcemap: true,
  target: 'node22',
  splitting: false,
  treeshake: true,
});
