/**
 * `npm run bench`: every benchmark, each printing ratios against a baseline
 * measured in the same run, then a summary of the issue 16 targets.
 *
 * - imports: `import('qubes-secpack/parse')`, `import('qubes-secpack')` against `node -e 0`;
 * - parse: the whole corpus, warm, and linearity on pathological input;
 * - verify: every corpus signature in process against the raw crypto floor,
 *   and a cold `qsb verify` against a `gpgv` loop;
 * - scan: `qsb scan` of the 2023 checkout against the sum of GnuPG loops over the same signatures;
 * - tags: `qsb tags` against a `git verify-tag` loop;
 * - history: `qsb history` against a `git log` loop.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { benchImports } from './imports.mjs'
import { benchParse } from './parse.mjs'
import { benchScan } from './scan.mjs'
import { benchSecpack } from './secpack.mjs'
import { benchTags } from './tags.mjs'
import { benchVerify } from './verify.mjs'

const root = resolve(import.meta.dirname, '..')
const corpus = resolve(root, '../shared/corpus')
const found = existsSync(resolve(corpus, 'secpack')) ? corpus : null
const log = (line) => console.log(line)
const summary = []
const target = (name, value, limit, unit = '') => {
  if (value === undefined || value === null) summary.push(`  ${name.padEnd(44)} skipped`)
  else summary.push(`  ${name.padEnd(44)} ${value.toFixed(unit === 'ms' ? 1 : 3).padStart(7)}${unit === 'ms' ? ' ms' : ''} (target ${unit === 'ms' ? '<' : '≤'} ${limit}${unit === 'ms' ? ' ms' : ''}) ${value <= limit ? 'met' : 'NOT MET'}`)
}

const imports = benchImports({ log })
target("import('qubes-secpack/parse') / node -e 0", imports["import('qubes-secpack/parse')"], 1.5)
target("import('qubes-secpack') / node -e 0", imports["import('qubes-secpack')"], 2.5)

const parsed = benchParse({ corpus: found, log })
if (found) {
  const verified = await benchVerify({ corpus: found, log })
  target('cold qsb verify / gpgv loop', verified.coldRatio, 0.2)
  target('in-process verify / crypto floor', verified.warmRatio, 1.5)
  const scanned = await benchScan({ corpus: found, log })
  target('qsb scan (2023) / GnuPG loops', scanned?.ratio, 0.2)
} else log('verify and scan: corpus not found, skipped')
target('whole-corpus parse, warm', parsed?.wholeMs, 30, 'ms')

await benchSecpack({ corpus: found, log })
const tags = await benchTags({ corpus: found, log })
target('qsb tags / git verify-tag loop', tags?.ratio, 0.2)

log('targets (issue 16):')
for (const line of summary) log(line)
