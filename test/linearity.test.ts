/**
 * Linearity probe of the text pipeline: `tokenize`, `fromQsb` and `toRecord`
 * on 1×, 4× and 16× inputs of each pathological shape (underlines, nested
 * lists, long lines, many headings, many release lines) take at most twice
 * linear time: t(4×) ≤ 2·4·t(1×) and t(16×) ≤ 2·16·t(1×).
 *
 * Made to hold on a shared 2-core machine: the probe runs in a child process
 * of its own (bundled from the sources here), measures CPU time rather than
 * wall-clock time (another process's load stretches the second, not the
 * first), takes the best of several rounds after warm-up rounds, each run
 * after a full collection and the sizes taking turns, gives the young
 * generation room so that the runtime's copying of survivors does not grow
 * with the input, counts a time under the noise floor as the floor, and takes
 * a measurement that misses the bound again (twice at most) before it fails.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Measurement } from './helpers/linearity-probe.js'

/** Units of each shape at 1× (a few milliseconds of work), and runs per size. */
const BASE = 400
const RUNS = 5
/** CPU time below this is noise (milliseconds). */
const FLOOR = 3
/** Measurements of one shape and stage that miss the bound are taken again this many times; the best per size counts. */
const RETRIES = 2

const folder = mkdtempSync(join(tmpdir(), 'qsb-linearity-'))
const probe = join(folder, 'probe.mjs')
let measurements: Measurement[] = []

/** Run the probe in a fresh process: the whole set, or one shape and stage. */
function run(...only: string[]): Measurement[] {
  const output = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', probe, String(BASE), String(RUNS), ...only], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  return JSON.parse(output) as Measurement[]
}

/** Whether a measurement is within twice linear time at 4× and 16×. */
function withinBound(entry: Measurement): boolean {
  const [one, four, sixteen] = entry.ms as [number, number, number]
  const reference = Math.max(one, FLOOR)
  return four <= 2 * 4 * reference && sixteen <= 2 * 16 * reference
}

beforeAll(async () => {
  await build({
    entryPoints: [resolve(import.meta.dirname, 'helpers/linearity-main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: probe,
    logLevel: 'error',
  })
  measurements = run()
  // A shared machine can still disturb one measurement: take the ones that miss again.
  for (const entry of measurements) {
    for (let retry = 0; retry < RETRIES && !withinBound(entry); retry++) {
      const again = run(entry.shape, entry.stage)[0] as Measurement
      entry.ms = entry.ms.map((ms, index) => Math.min(ms, again.ms[index] as number))
    }
  }
})

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('linearity of the text pipeline', () => {
  it('measured every shape and stage', () => {
    expect(measurements.map((entry) => `${entry.shape}/${entry.stage}`)).toHaveLength(15)
    for (const entry of measurements) expect(entry.chars[2]).toBeGreaterThan(15 * (entry.chars[0] as number))
  })

  it.each(['underlines', 'nested lists', 'long lines', 'many headings', 'many release lines'])('%s: each stage is within twice linear time', (shape) => {
    for (const entry of measurements.filter((candidate) => candidate.shape === shape)) {
      const [one, four, sixteen] = entry.ms as [number, number, number]
      const reference = Math.max(one, FLOOR)
      const report = `${shape}/${entry.stage}: ${entry.ms.map((ms) => ms.toFixed(2)).join(' / ')} ms CPU at ${entry.chars.join(' / ')} characters`
      expect(four, report).toBeLessThanOrEqual(2 * 4 * reference)
      expect(sixteen, report).toBeLessThanOrEqual(2 * 16 * reference)
    }
  })
})
