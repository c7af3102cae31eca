/**
 * A linearity probe: time a function on inputs of 1×, 4× and 16× a base size
 * and tell whether the time grows within 2× of linear.
 *
 * Each larger input is timed against the same work done on the 1× input as
 * many times over (4 runs of 1× against one of 4×): both handle the same
 * number of bytes and allocate alike, so garbage collection, a loaded machine
 * and timer resolution weigh on both sides, and the ratio is the growth
 * beyond linear. Times are CPU times of this process (`process.cpuUsage`, which
 * other processes do not inflate), each the best of several runs taken in
 * turn with its baseline (noise only ever adds time), and a shape that seems
 * to grow too fast is measured again before it counts as failing.
 */

/** Timings of one shape, in milliseconds. */
export interface Scaling {
  /** Best time of one run at 1×, 4× and 16×. */
  times: [number, number, number]
  /** Time at 4× and 16× over the time of 4 and 16 runs at 1×: 1 is linear, 2 is the limit. */
  excess: [number, number]
}

/** CPU time of `work(input)` done `times` times over, in milliseconds. */
async function cpu(work: (input: string) => unknown, input: string, times: number): Promise<number> {
  const started = process.cpuUsage()
  for (let run = 0; run < times; run++) await work(input)
  const used = process.cpuUsage(started)
  return (used.user + used.system) / 1000
}

/**
 * Measure how the time of `work` grows with its input.
 *
 * @param make
 *   Builds an input of about `size` characters of the shape.
 * @param work
 *   What to time (it may return a promise).
 * @param base
 *   The 1× size, in characters.
 * @returns
 *   The timings: each the best over the attempts (up to four, while the growth exceeds the limit).
 */
export async function scaling(make: (size: number) => string, work: (input: string) => unknown, base: number): Promise<Scaling> {
  const [one, four, sixteen] = [1, 4, 16].map((factor) => make(base * factor)) as [string, string, string]
  // Warm up: the first runs compile the code paths this shape takes.
  await cpu(work, one, 4)
  const best = { one: Infinity, four: Infinity, sixteen: Infinity, fourOnes: Infinity, sixteenOnes: Infinity }
  let result: Scaling | undefined
  for (let attempt = 0; attempt < 4; attempt++) {
    for (let run = 0; run < 2; run++) {
      best.fourOnes = Math.min(best.fourOnes, await cpu(work, one, 4))
      best.four = Math.min(best.four, await cpu(work, four, 1))
      best.sixteenOnes = Math.min(best.sixteenOnes, await cpu(work, one, 16))
      best.sixteen = Math.min(best.sixteen, await cpu(work, sixteen, 1))
    }
    best.one = Math.min(best.one, best.fourOnes / 4, best.sixteenOnes / 16)
    result = { times: [best.one, best.four, best.sixteen], excess: [best.four / best.fourOnes, best.sixteen / best.sixteenOnes] }
    if (Math.max(...result.excess) <= 2) break
  }
  return result as Scaling
}
