import { fileURLToPath } from 'node:url'
import { defineConfig, type Options } from 'tsup'

/**
 * Dependencies published as ESM only. `require()` of ESM only works from Node
 * 20.19 on, and `engines` admits every Node 20, so the CommonJS build carries
 * its own copy of these (and what they import); the ESM build imports them.
 */
const esmOnly = [/^vfile(?:-|$)/, /^unified$/, /^unist-/, /^mdast-/, /^micromark/, /^hast-/, /^entities(?:\/|$)/]

const shared: Options = {
  // Maps point into the published code without carrying the sources (a third of the package).
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false
  },
  // `npm run build` empties dist/ first: configs cleaning in parallel would race.
  clean: false,
  target: 'node20',
  platform: 'neutral',
  // The platform's crypto is chosen when the package is loaded (package.json `imports`), not when it is built.
  external: ['#crypto'],
}

const entry = { index: 'src/index.ts', parse: 'src/parse.ts', verify: 'src/verify.ts', schema: 'src/schema.ts' }

export default defineConfig([
  // The library, ESM: one file per entry, shared code in chunks, heavy readers in chunks loaded on first use.
  { ...shared, entry, format: ['esm'], dts: true, splitting: true },
  // The library, CommonJS, for `require` on every Node 20. Split like the ESM build (tsup's CJS
  // splitting), so that the entries share one copy of each module: a keyring made by
  // `require('qubes-secpack').loadKeyring` is one that `require('qubes-secpack/verify')` knows (its
  // signing keys are held beside it in a module-level table), and the readers load on first use.
  // `shims`: `import.meta.url` (which the git reader gives `createRequire`) made from `__filename`.
  { ...shared, entry, format: ['cjs'], dts: true, splitting: true, noExternal: esmOnly, platform: 'node', shims: true },
  // `#crypto`: Node's `crypto`, or WebCrypto.
  { ...shared, entry: { 'backend/node': 'src/verify/backend/node.ts' }, format: ['esm', 'cjs'], platform: 'node' },
  { ...shared, entry: { 'backend/web': 'src/verify/backend/web.ts' }, format: ['esm', 'cjs'], platform: 'browser' },
  // The command: ESM, its own file, Node's crypto built in, its shebang kept.
  {
    ...shared,
    // `dist/cli/`: the command's chunks (one per subcommand, loaded when run) apart from the library's.
    entry: { qsb: 'src/cli/bin.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    splitting: true,
    platform: 'node',
    // Its dependencies bundled in (a cold `qsb` then resolves and reads a few files, not hundreds),
    // except openpgp.js and isomorphic-git: big, loaded only when a key or a repository is read,
    // and kept as the packages they are (openpgp.js is LGPL: it stays replaceable).
    noExternal: [/^(?!openpgp$|isomorphic-git$)/],
    minify: true,
    esbuildOptions(options) {
      options.sourcesContent = false
      options.alias = { '#crypto': fileURLToPath(new URL('./src/verify/backend/node.ts', import.meta.url)) }
    },
    // `require` for the CommonJS dependencies bundled into this ES module (picocolors asks for `tty`).
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __qsbRequire } from 'node:module'\nconst require = __qsbRequire(import.meta.url)" },
  },
])
