/**
 * The linearity probe, run in a child process of its own (see
 * `test/linearity.test.ts`): `tokenize`, `fromQsb` and `toRecord` on 1×, 4×
 * and 16× inputs of each pathological shape, best-of-N CPU time per size,
 * printed as JSON on standard output (`linearity-main.ts`).
 *
 * In its own process the heap holds nothing but the probe, each run starts
 * after a full collection, and the young generation is large enough that
 * copying survivors between its halves (a cost of the runtime, not of the
 * parser) does not grow with the input: what is left to measure is the
 * algorithm.
 */
import { VFile } from 'vfile'
import { toRecord } from '../../src/record/index.js'
import { fromQsb, tokenize } from '../../src/text/index.js'

const head = `
             ---===[ Qubes Security Bulletin 120 ]===---

                             2025-01-07

                  A bulletin of pathological shape

`
const tail = `
--
The Qubes Security Team
https://www.qubes-os.example/security/
`

/** Each shape: its body at `n` units. */
export const shapes: Record<string, (n: number) => string> = {
  underlines: (n) =>
    `Summary\n-------\n\n${Array.from({ length: n }, (_, i) => `Line ${i} of text\n${'='.repeat(1 + (i % 70))}\n${'-'.repeat(3 + (i % 50))}\n\n`).join('')}`,
  'nested lists': (n) =>
    `Patching\n--------\n\n${Array.from({ length: n }, (_, i) => `${' '.repeat((i % 12) * 2)}${'-*+•'[i % 4]} item ${i} version 1.${i}-1\n`).join('')}`,
  'long lines': (n) =>
    `Patching\n--------\n\n${'For Qubes 4.2, in dom0 the packages XSA-1 CVE-2024-1234 4.17.5-3 [1] are to be installed '.repeat(n)}\n\n  - ${'Xen packages, version 4.17.5-3 '.repeat(n)}\n`,
  'many headings': (n) =>
    Array.from({ length: n }, (_, i) => `Heading ${i}\n${(i % 2 ? '-' : '=').repeat(2 + (i % 9))}\n\nSome prose for section ${i}.\n\n`).join(''),
  'many release lines': (n) =>
    `Patching\n--------\n\nThe following packages contain security updates:\n${Array.from({ length: n }, (_, i) => `  For Qubes ${1 + (i % 9)}.${i}, in dom0 (no GUI domain):\n  - Xen packages, version 4.${i}.5-3\n`).join('')}\nThe packages are to be installed in dom0 via the Qubes Update tool.\n`,
}

const stages: Record<string, (text: string) => () => void> = {
  tokenize: (text) => () => void tokenize(text),
  fromQsb: (text) => () => void fromQsb(new VFile({ value: text })),
  toRecord: (text) => {
    const tree = fromQsb(new VFile({ value: text }))
    return () => void toRecord(tree, new VFile({ value: text }))
  },
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

/** CPU time (user + system, milliseconds) of one run, after a full collection. */
function cpu(run: () => void): number {
  gc()
  const start = process.cpuUsage()
  run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

/**
 * Best CPU time of each of `sizes` over `runs` rounds, after two warm-up
 * rounds. Sizes take turns within a round, so that the compiler's and the
 * collector's state is the same for all of them.
 */
function best(sizes: ReadonlyArray<() => void>, runs: number): number[] {
  for (let round = 0; round < 2; round++) for (const run of sizes) run()
  const fastest = sizes.map(() => Number.POSITIVE_INFINITY)
  for (let round = 0; round < runs; round++) {
    sizes.forEach((run, index) => {
      fastest[index] = Math.min(fastest[index] as number, cpu(run))
    })
  }
  return fastest
}

/** One measurement: a shape and stage, its input sizes in characters and best times in milliseconds. */
export interface Measurement {
  shape: string
  stage: string
  chars: number[]
  ms: number[]
}

/**
 * Measure every shape and stage at 1×, 4× and 16× of `base` units.
 *
 * @param base
 *   Units of each shape at 1×.
 * @param runs
 *   Runs per size (the best counts).
 * @param only
 *   Measure this shape and stage only.
 * @returns
 *   The measurements.
 */
export function measure(base: number, runs: number, only?: { shape: string; stage: string }): Measurement[] {
  const results: Measurement[] = []
  for (const [shape, make] of Object.entries(shapes)) {
    if (only && only.shape !== shape) continue
    const texts = [1, 4, 16].map((factor) => `${head}${make(base * factor)}${tail}`)
    for (const [stage, prepare] of Object.entries(stages)) {
      if (only && only.stage !== stage) continue
      results.push({ shape, stage, chars: texts.map((text) => text.length), ms: best(texts.map(prepare), runs) })
    }
  }
  return results
}

