import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', api: 'src/api/index.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  // The private edge (@mv/http-edge) is bundled in, code and types, so the published package stands alone.
  dts: { entry: { index: 'src/index.ts', api: 'src/api/index.ts' } },
  noExternal: ['@mv/http-edge'],
  clean: true,
  sourcemap: true,
  target: 'node22',
  // Shared chunks: the API entry and the main entry must share one copy of the classes (errors, repository).
  splitting: true,
  treeshake: true,
  // import.meta.url (dashboardDirectory) in the CommonJS build
  shims: true,
});
