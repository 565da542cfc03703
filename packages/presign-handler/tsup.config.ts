import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  // The private edge (@mv/http-edge) and wire contract (@mv/chat-log-contract) are bundled in, code and types, so the
  // published package stands alone.
  dts: { resolve: ['@mv/http-edge', '@mv/chat-log-contract'] },
  noExternal: ['@mv/http-edge', '@mv/chat-log-contract'],
  clean: true,
  sourcemap: true,
  target: 'node22',
  splitting: false,
  treeshake: true,
});
