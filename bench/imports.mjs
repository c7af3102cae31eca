#!/usr/bin/env node
/**
 * What importing the package costs a consumer: a fresh `node` that imports
 * an entry and exits, against a fresh `node -e 0` measured in the same run,
 * runs interleaved so that a busy machine slows both alike. Targets (issue
 * 16): `qubes-secpack/parse` ≤ 1.5× a bare start, `qubes-secpack` ≤ 2.5×.
 *
 * `node bench/imports.mjs` runs it alone; `bench/run.mjs` calls `benchImports`.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median } from './median.mjs'

const root = resolve(import.meta.dirname, '..')

function time(args) {
  const start = process.hrtime.bigint()
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`)
  return elapsed
}

/**
 * Time imports of each entry against a bare start.
 *
 * @param {{ log: (line: string) => void, runs?: number }} options
 * @returns {Record<string, number>} the ratios, by entry
 */
export function benchImports({ log, runs = 15 }) {
  const url = (name) => pathToFileURL(resolve(root, 'dist', name)).href
  const cases = {
    'node -e 0': ['-e', '0'],
    "import('qubes-secpack/parse')": ['-e', `import(${JSON.stringify(url('parse.js'))})`],
    "import('qubes-secpack/verify')": ['-e', `import(${JSON.stringify(url('verify.js'))})`],
    "import('qubes-secpack')": ['-e', `import(${JSON.stringify(url('index.js'))})`],
    "require('qubes-secpack')": ['-e', `require(${JSON.stringify(resolve(root, 'dist/index.cjs'))})`],
  }
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]))
  // Warm the file cache, then interleave.
  for (const args of Object.values(cases)) time(args)
  for (let run = 0; run < runs; run++) for (const [name, args] of Object.entries(cases)) times[name].push(time(args))
  const bare = median(times['node -e 0'])
  const ratios = {}
  log(`imports: median of ${runs} fresh processes each, interleaved; bare \`node -e 0\` ${bare.toFixed(0)} ms`)
  for (const [name, values] of Object.entries(times)) {
    if (name === 'node -e 0') continue
    const value = median(values)
    ratios[name] = value / bare
    const target = name === "import('qubes-secpack/parse')" ? ' (target ≤ 1.5)' : name === "import('qubes-secpack')" ? ' (target ≤ 2.5)' : ''
    log(`  ${name.padEnd(32)} ${value.toFixed(0).padStart(5)} ms → ${(value / bare).toFixed(2)}× bare${target}`)
  }
  return ratios
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) benchImports({ log: (line) => console.log(line) })
