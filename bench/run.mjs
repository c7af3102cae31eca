/**
 * `npm run bench`: every benchmark, each printing ratios against a baseline
 * measured in the same run.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { benchParse, median } from './parse.mjs'
import { benchSecpack } from './secpack.mjs'
import { benchTags } from './tags.mjs'
import { benchVerify } from './verify.mjs'

const root = resolve(import.meta.dirname, '..')
const corpus = resolve(root, '../shared/corpus')
const found = existsSync(resolve(corpus, 'secpack')) ? corpus : null
const log = (line) => console.log(line)

benchParse({ corpus: found, log })

if (found) {
  const verified = await benchVerify({ corpus: found, log })
  // `qsb scan`: every file of the checkout parsed and verified, in one fresh process.
  const times = []
  for (let run = 0; run < 5; run++) {
    const start = performance.now()
    const child = spawnSync(process.execPath, [join(root, 'dist/cli/qsb.js'), 'scan', '--ndjson', join(found, 'secpack')], { encoding: 'utf8' })
    times.push(performance.now() - start)
    if (child.status !== 0) throw new Error(`qsb scan failed: ${child.stderr}`)
  }
  const scan = median(times)
  log(`scan: \`qsb scan\` of the corpus secpack (parse and verify every file) ${scan.toFixed(1)} ms vs one gpgv per signature ${verified.gpgvMs.toFixed(1)} ms → ${(scan / verified.gpgvMs).toFixed(3)}`)
} else {
  log('verify and scan: corpus not found, skipped')
}

await benchSecpack({ corpus: found, log })
await benchTags({ corpus: found, log })
