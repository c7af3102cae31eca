/**
 * `qsb tags` over the secpack's 623 real signed tags (the 2023 bundle,
 * cloned into a temporary folder), against a `git verify-tag` loop over the
 * same tags in the same run — the way a script checks them with git, one
 * GnuPG process per tag, with every key under the checkout's `keys/`
 * imported into a temporary GNUPGHOME. Both are timed as a person runs them:
 * a fresh process (`qsb tags`), or the loop. Target: at most 0.2 of git's time.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { available, checkout2023 } from './checkout-2023.mjs'
import { median } from './median.mjs'

const root = resolve(import.meta.dirname, '..')


/**
 * Run the benchmark.
 *
 * @param {{ corpus: string | null, log: (line: string) => void, runs?: number }} options
 * @returns {Promise<{ qsbMs: number, gitMs: number, ratio: number } | null>}
 */
export async function benchTags({ corpus, log, runs = 3 }) {
  if (!corpus || !available('git') || !available('gpg')) {
    log('tags: needs the corpus bundle, git and gpg: skipped')
    return null
  }
  const { clone, home, cleanup } = checkout2023(corpus, 'tags')
  try {
    const tags = execFileSync('git', ['-C', clone, 'tag']).toString().trim().split('\n')
    const qsb = []
    for (let run = 0; run < runs; run++) {
      const start = performance.now()
      const child = spawnSync(process.execPath, [join(root, 'dist/cli/qsb.js'), 'tags', '--ndjson', clone], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      qsb.push(performance.now() - start)
      const lines = child.stdout.trim().split('\n')
      if (lines.length !== tags.length + 1) throw new Error(`qsb tags gave ${lines.length - 1} tags, expected ${tags.length}: ${child.stderr}`)
    }
    // One pass of the loop: 623 processes of git and gpg take long enough that a median of one is steady.
    const start = performance.now()
    for (const tag of tags) spawnSync('git', ['-C', clone, 'verify-tag', tag], { env: { ...process.env, GNUPGHOME: home }, stdio: 'ignore' })
    const gitMs = performance.now() - start
    const qsbMs = median(qsb)
    const ratio = qsbMs / gitMs
    log(`tags: \`qsb tags\` over ${tags.length} real signed tags ${qsbMs.toFixed(0)} ms vs a \`git verify-tag\` loop ${gitMs.toFixed(0)} ms → ${ratio.toFixed(3)} (target ≤ 0.2)`)
    return { qsbMs, gitMs, ratio }
  } finally {
    cleanup()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const corpus = resolve(root, '../shared/corpus')
  await benchTags({ corpus, log: (line) => console.log(line) })
}
