import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    lambda: 'src/lambda.ts',
    testing: 'src/testing.ts',
    'bin/mv-cloudtrail-mcp': 'src/bin/mv-cloudtrail-mcp.ts',
    'bin/mv-cloudtrail-ui': 'src/bin/mv-cloudtrail-ui.ts',
  },
  format: ['esm', 'cjs'],
  // The private edge (@mv/http-edge) is bundled in, code and types, so the published package stands alone.
  dts: true,
  noExternal: ['@mv/http-edge'],
  clean: true,
  sourcemap: true,
  target: 'node22',
  splitting: false,
  treeshake: true,
});
