import { defineConfig } from 'tsup'

export default defineConfig([
  {
    // The library: ESM first, CJS for `require` users, declarations for both.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
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
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
])
