import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    contract: 'src/contract.ts',
    envelope: 'src/envelope.ts',
    node: 'src/node.ts',
    cli: 'src/cli.ts',
  },
  format: ['esm', 'cjs'],
  // The private wire contract (@mv/chat-log-contract) is bundled in, code and types, so the published package
  // stands alone.
  dts: { resolve: ['@mv/chat-log-contract'] },
  noExternal: ['@mv/chat-log-contract'],
  clean: true,
  sourcemap: true,
  target: 'node22',
  // Shared chunks, so classes (errors, the uploader) are one identity across the entry points.
  splitting: true,
  treeshake: true,
});
