/**
 * The import rules of the rooms (DESIGN.md: one room per step). Checked by
 * `test/architecture.test.ts`; `npx depcruise src` prints the same verdicts.
 *
 * text     → (no other room)              the tokenizer, grammar and tree
 * names    → (none)                       the secpack's naming conventions
 * encoding → (none)                       byte conversions without Buffer
 * record   → text, names, encoding        reads trees only
 * sources  → text, names, encoding        unwraps containers only
 * verify   → encoding                     bytes, signatures and keys only
 * read     → every room below secpack     the whole pipeline
 * secpack  → read, record, text, names, encoding (never verify: it is injected)
 * cli      → any room, through its index  only wires
 *
 * Across rooms, a module imports another room only through that room's
 * `index.ts` (its public functions), except that schema modules compose other
 * schemas and the leaf rooms are one module each.
 */
const room = (name, allowed) => ({
  name: `${name}-imports`,
  comment: `${name}/ may import only ${allowed.length > 0 ? allowed.join(', ') : 'no other room'}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...allowed.map((other) => `^src/${other}/`)] },
})

module.exports = {
  forbidden: [
    room('text', []),
    room('names', []),
    room('encoding', []),
    room('record', ['text', 'names', 'encoding']),
    room('sources', ['text', 'names', 'encoding']),
    room('verify', ['encoding']),
    room('read', ['text', 'record', 'sources', 'verify', 'names', 'encoding']),
    room('secpack', ['read', 'record', 'text', 'names', 'encoding']),
    {
      name: 'through-the-index',
      comment: 'another room is used through its public functions (its index.ts), not its internals',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: ['^src/[^/]+/schema\\.ts$', '^src/[^/]+/json-schema\\.ts$'] },
      to: {
        path: '^src/(text|record|sources|verify|read|secpack|cli)/',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/read/node/index\\.ts$'],
      },
    },
    {
      name: 'entries-only-re-export',
      comment: 'the package entries import nothing but rooms (their own checks are in the test)',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
