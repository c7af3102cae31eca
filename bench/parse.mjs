/**
 * Parse throughput over the corpus, and linearity on pathological input.
 * Run through `npm run bench` (which builds first), or alone after a build.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parse } from '../dist/index.js'
import { median } from './median.mjs'

/** Time `fn` `runs` times after `warm` warm-up runs; the median in milliseconds. */
export function time(fn, runs = 15, warm = 5) {
  for (let i = 0; i < warm; i++) fn()
  const samples = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

function corpusDocuments(corpus) {
  const documents = []
  for (const folder of ['secpack/QSBs', 'secpack/canaries']) {
    for (const name of readdirSync(join(corpus, folder)).sort()) {
      if (/^(qsb|canary)-\d{3}-\d{4}\.txt$/.test(name)) {
        documents.push({ path: join(folder, name), bytes: readFileSync(join(corpus, folder, name)) })
      }
    }
  }
  return documents
}

/**
 * Measure and print parse figures.
 *
 * @param {{ corpus: string | null, log: (line: string) => void }} options
 * @returns {{ wholeMs: number, floorMs: number } | null} the corpus figures (null without the corpus)
 */
export function benchParse({ corpus, log }) {
  let result = null
  if (corpus) {
    const documents = corpusDocuments(corpus)
    const bytes = documents.reduce((sum, document) => sum + document.bytes.byteLength, 0)
    const decoder = new TextDecoder()
    // The floor: decoding the bytes and splitting them into lines, nothing more.
    const floor = time(() => {
      for (const document of documents) decoder.decode(document.bytes).split('\n')
    }, 30, 30)
    // Warm: the JIT settles after some dozens of passes; the target is for a warm process.
    const whole = time(() => {
      for (const document of documents) parse(document.bytes, { path: document.path })
    }, 30, 100)
    log(`parse: ${documents.length} corpus documents, ${(bytes / 1024).toFixed(0)} KiB`)
    log(`  whole corpus: ${whole.toFixed(1)} ms (target < 30 ms) — ${(bytes / 1024 / 1024 / (whole / 1000)).toFixed(1)} MiB/s`)
    log(`  floor (decode + split lines): ${floor.toFixed(2)} ms — parse costs ${(whole / floor).toFixed(1)}× the floor`)
    result = { wholeMs: whole, floorMs: floor }
  } else {
    log('parse: corpus not found, corpus throughput skipped')
  }
  const template = readFileSync(new URL('../fixtures/bulletins/qsb-112-2025.txt', import.meta.url), 'utf8')
  const cases = {
    'repeated prose line': (size) => template.replace('Summary\n--------\n', `Summary\n--------\n\n${'XSA-1 through XSA-2, 3 & 4 [1] text '.repeat(2).trim()}\n`.repeat(1) + 'The quick brown fox [1] XSA-9, 10 and 11 jumps\n'.repeat(size)),
    'one long line': (size) => `${template}\n${' '.repeat(size * 24)}x${'-'.repeat(size * 24)}\n`,
    'list items': (size) => template.replace('  - Xen packages, version 4.17.5-3\n', '  - Xen packages, version 4.17.5-3\n'.repeat(size)),
    'no banner': (size) => 'lorem ipsum --- [ Qubes ] dolor\n'.repeat(size),
  }
  log('linearity: time at 16× the input over time at 1× (≈16 is linear)')
  for (const [name, make] of Object.entries(cases)) {
    const small = make(4000)
    const large = make(64000)
    const run = (value) => () => {
      try {
        parse(value)
      } catch {
        // A clean error is a fine outcome here; its cost is what is measured.
      }
    }
    const a = time(run(small), 5, 2)
    const b = time(run(large), 3, 1)
    log(`  ${name.padEnd(20)} ${(small.length / 1024).toFixed(0).padStart(6)} KiB ${a.toFixed(1).padStart(7)} ms   ${(large.length / 1024).toFixed(0).padStart(6)} KiB ${b.toFixed(1).padStart(8)} ms   ratio ${(b / a).toFixed(1)}`)
  }
  return result
}
