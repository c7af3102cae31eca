#!/usr/bin/env node
/**
 * `qsb scan` of the secpack as it stood at the end of 2023 (the corpus
 * bundle, cloned into a temporary folder): every document, fund file and ISO
 * digest file parsed and verified, and the tags that point at HEAD, in one
 * fresh process. The baseline is the sum of GnuPG loops over the same
 * signatures, measured in the same run: one `gpgv` per detached signature
 * (documents and fund files), one `gpgv` per cleartext-signed digest file, and
 * one `git verify-tag` per tag that scan checked — every key under the
 * checkout's `keys/` in their keyring. Which signatures scan checked is read
 * from its own output, so both sides do the same work. Target (issue 16): at
 * most 0.2 of the loops' time.
 *
 * `node bench/scan.mjs` runs it alone after a build; `bench/run.mjs` calls
 * `benchScan`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { available, checkout2023 } from './checkout-2023.mjs'
import { median } from './median.mjs'

const root = resolve(import.meta.dirname, '..')


/** One `qsb scan --ndjson` of the clone: wall time and its records. */
function scanOnce(clone) {
  const start = performance.now()
  const child = spawnSync(process.execPath, [join(root, 'dist/cli/qsb.js'), 'scan', '--ndjson', clone], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const ms = performance.now() - start
  // Exit 1 is expected: canary 026 carries a bad signature, R1's digests are unsigned, HEAD is not tagged.
  if (child.status !== 0 && child.status !== 1) throw new Error(`qsb scan failed (${child.status}): ${child.stderr}`)
  return { ms, records: child.stdout.trim().split('\n').map((line) => JSON.parse(line)) }
}

/**
 * Run the benchmark.
 *
 * @param {{ corpus: string | null, log: (line: string) => void, runs?: number }} options
 * @returns {Promise<{ qsbMs: number, gpgMs: number, ratio: number } | null>}
 */
export async function benchScan({ corpus, log, runs = 5 }) {
  if (!corpus || !available('git') || !available('gpgv') || !available('gpg')) {
    log('scan: needs the corpus bundle, git, gpg and gpgv: skipped')
    return null
  }
  const { clone, home, keyFiles, cleanup } = checkout2023(corpus, 'scan')
  try {
    scanOnce(clone) // warm the file cache
    const scans = []
    let records = []
    for (let run = 0; run < runs; run++) {
      const once = scanOnce(clone)
      scans.push(once.ms)
      records = once.records
    }
    const qsbMs = median(scans)

    // The same signatures, from scan's own report.
    const detached = []
    const cleartext = []
    let good = 0
    for (const record of records) {
      for (const signature of record.verification?.signatures ?? []) {
        if (signature.status === 'good') good++
        if (signature.source.endsWith('#signature')) cleartext.push(join(clone, record.file))
        else detached.push({ signature: join(clone, signature.source), document: join(clone, record.file) })
      }
    }
    const checkout = records.find((record) => record.kind === 'checkout')
    const tags = (checkout?.tags ?? []).map((tag) => tag.tag ?? tag.name ?? tag)

    // GnuPG's side: every key of the checkout in one keyring, made beforehand (not timed).
    const keyring = join(home, 'keys.gpg')
    writeFileSync(keyring, Buffer.concat(keyFiles.map((file) => execFileSync('gpg', ['--homedir', home, '--dearmor'], { input: readFileSync(file) }))))
    let start = performance.now()
    let gpgGood = 0
    for (const { signature, document } of detached) {
      if (spawnSync('gpgv', ['--homedir', home, '--keyring', keyring, signature, document], { stdio: 'ignore' }).status === 0) gpgGood++
    }
    const detachedMs = performance.now() - start
    start = performance.now()
    for (const file of cleartext) {
      if (spawnSync('gpgv', ['--homedir', home, '--keyring', keyring, file], { stdio: 'ignore' }).status === 0) gpgGood++
    }
    const cleartextMs = performance.now() - start
    start = performance.now()
    for (const tag of tags) spawnSync('git', ['-C', clone, 'verify-tag', tag], { env: { ...process.env, GNUPGHOME: home }, stdio: 'ignore' })
    const tagsMs = performance.now() - start
    const gpgMs = detachedMs + cleartextMs + tagsMs
    const ratio = qsbMs / gpgMs
    const files = records.filter((record) => record.kind !== 'checkout').length
    log(
      `scan: \`qsb scan\` of the 2023 checkout (${files} files; ${detached.length} detached and ${cleartext.length} cleartext signatures, ${good} good; ${tags.length} tags at HEAD) ` +
        `${qsbMs.toFixed(0)} ms vs GnuPG loops ${gpgMs.toFixed(0)} ms (gpgv ${detachedMs.toFixed(0)} + ${cleartextMs.toFixed(0)} ms cleartext, git verify-tag ${tagsMs.toFixed(0)} ms; ${gpgGood} good) → ${ratio.toFixed(3)} (target ≤ 0.2)`,
    )
    return { qsbMs, gpgMs, ratio }
  } finally {
    cleanup()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchScan({ corpus: resolve(root, '../shared/corpus'), log: (line) => console.log(line) })
}
