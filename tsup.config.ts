import { defineConfig } from 'tsup'

export default defineConfig([
  {
    // The library: ESM first, CJS for `require` users, declarations for both.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // Maps point into the published code without carrying the sources (a third of the package).
    sourcemap: true,
    esbuildOptions(options) {
      options.sourcesContent = false
    },
    // `npm run build` empties dist/ first: two configs cleaning in parallel would race.
    clean: false,
    target: 'node20',
    platform: 'node',
  },
  {
    // The command: ESM only, with its shebang kept.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    esbuildOptions(options) {
      options.sourcesContent = false
    },
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
])
