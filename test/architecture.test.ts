/**
 * The rooms of DESIGN.md, held in the import graph: dependency-cruiser checks
 * the rules in `.dependency-cruiser.cjs` over `src/`, and this file adds what
 * those rules cannot say: the package entries only re-export, and nothing the
 * browser-safe entries (`qubes-secpack/parse`, `qubes-secpack/verify`) load
 * touches a Node built-in, git, mail or (for `parse`) verification code.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const config = createRequire(import.meta.url)(resolve(root, '.dependency-cruiser.cjs')) as {
  forbidden: NonNullable<Parameters<typeof cruise>[1]>['ruleSet'] extends infer R ? (R extends { forbidden?: infer F } ? F : never) : never
  options: Record<string, unknown>
}

let result: ICruiseResult

beforeAll(async () => {
  const cwd = process.cwd()
  process.chdir(root)
  try {
    const tsConfig = extractTSConfig(resolve(root, 'tsconfig.json'))
    const reported = await cruise(
      ['src'],
      { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, tsConfig: { fileName: 'tsconfig.json' } },
      undefined,
      { tsConfig },
    )
    result = reported.output as ICruiseResult
  } finally {
    process.chdir(cwd)
  }
}, 60_000)

/** Modules a module reaches by static imports (dynamic ones are loaded on first use). */
function reach(entry: string, follow: (dependency: IModule['dependencies'][number]) => boolean): Set<string> {
  const modules = new Map(result.modules.map((module) => [module.source, module]))
  const seen = new Set<string>()
  const queue = [entry]
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (seen.has(next)) continue
    seen.add(next)
    for (const dependency of modules.get(next)?.dependencies ?? []) {
      if (follow(dependency)) queue.push(dependency.resolved)
    }
  }
  return seen
}

/** An import that loads code when the module loads: not dynamic, not types only. */
const staticImport = (dependency: IModule['dependencies'][number]): boolean =>
  !dependency.dynamic && !dependency.dependencyTypes.some((type) => type === 'type-only' || type === 'type-import')

/** `#crypto` is the one platform switch: Node's backend is what the sources name, a browser gets WebCrypto. */
const notThePlatformSwitch = (dependency: IModule['dependencies'][number]): boolean =>
  staticImport(dependency) && dependency.module !== '#crypto'

describe('the rooms', () => {
  it('keep the import rules (.dependency-cruiser.cjs)', () => {
    const violations = result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
    expect(violations).toEqual([])
    expect(result.summary.totalCruised).toBeGreaterThan(80)
  })

  it.each(['src/index.ts', 'src/parse.ts', 'src/verify.ts', 'src/schema.ts'])('%s only re-exports', (entry) => {
    const source = ts.createSourceFile(entry, readFileSync(resolve(root, entry), 'utf8'), ts.ScriptTarget.Latest)
    const other = source.statements.filter((statement) => !ts.isExportDeclaration(statement) || !statement.moduleSpecifier)
    expect(other.map((statement) => statement.getText(source))).toEqual([])
    expect(source.statements.length).toBeGreaterThan(1)
  })

  it.each(['src/parse.ts', 'src/verify.ts', 'src/schema.ts'])('%s loads no Node built-in and no git', (entry) => {
    const reached = reach(entry, notThePlatformSwitch)
    const offending = [...reached].filter((source) => /^(?:node:)?(?:fs|path|crypto|os|child_process|url|buffer|stream|zlib|util)(?:\/|$)|isomorphic-git/.test(source))
    expect(offending).toEqual([])
    expect(reached.size).toBeGreaterThan(entry === 'src/schema.ts' ? 5 : 10)
  })

  it('src/parse.ts loads no verification, mail, page or Markdown code, and no zod, until asked', () => {
    const reached = [...reach('src/parse.ts', staticImport)]
    expect(reached.filter((source) => /^src\/verify\/|openpgp|postal-mime|hast-|mdast-|micromark|parse5|zod/.test(source))).toEqual([])
  })

  // Issue 16: what costs more to import than the parser itself loads when a call needs it.
  it.each(['src/index.ts', 'src/verify.ts'])('%s loads no openpgp.js, git, zod, YAML, mail, page or Markdown reader until asked', (entry) => {
    const reached = [...reach(entry, staticImport)]
    expect(reached.filter((source) => /^node_modules\/(?:openpgp|isomorphic-git|zod|yaml|postal-mime|hast-|mdast-|micromark|parse5)/.test(source))).toEqual([])
    // …and they are in the graph, loaded on first use (so the pattern above names real modules).
    const onDemand = [...reach(entry, () => true)]
    expect(onDemand.filter((source) => /^node_modules\/(?:openpgp|isomorphic-git|zod|yaml|postal-mime)\//.test(source)).length).toBeGreaterThan(entry === 'src/index.ts' ? 4 : 0)
  })

  it('the schemas entry loads zod (and is the only entry that does at import)', () => {
    expect([...reach('src/schema.ts', staticImport)].some((source) => /zod/.test(source))).toBe(true)
  })
})

describe('the command’s own dependencies', () => {
  it.each(['src/index.ts', 'src/parse.ts', 'src/verify.ts'])('%s never loads the command, its colours or its progress line, even on demand', (entry) => {
    const reached = [...reach(entry, () => true)]
    expect(reached.filter((source) => /^src\/cli\/|picocolors|yocto-spinner|yoctocolors/.test(source))).toEqual([])
  })

  // Issue 16: a cold `qsb verify` of good documents loads no history walk, catalogue or record reader:
  // tracing a failed copy and `--accept` load them when they are needed.
  it('qsb verify loads no secpack or record code until a copy fails or --accept is given', () => {
    const reached = [...reach('src/cli/commands/verify.ts', staticImport)]
    expect(reached.filter((source) => /^src\/(?:secpack|record)\//.test(source))).toEqual([])
    const onDemand = [...reach('src/cli/commands/verify.ts', () => true)]
    expect(onDemand.filter((source) => /^src\/(?:secpack|record)\//.test(source)).length).toBeGreaterThan(5)
  })

  it('the command loads them (so the check above looks for the right names)', () => {
    const reached = [...reach('src/cli/bin.ts', () => true)]
    expect(reached.some((source) => /picocolors/.test(source))).toBe(true)
    expect(reached.some((source) => /yocto-spinner/.test(source))).toBe(true)
  })
})
