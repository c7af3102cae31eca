/**
 * Progress on standard error for commands that take more than a moment
 * (`scan`, `history`, `match`, `index`, `export`, and any new one): a spinner
 * with a line of text, drawn by yocto-spinner, only when standard error is a
 * terminal and not in CI (`CI` set) or on a `TERM=dumb` terminal. Anywhere
 * else (a pipe, a file, a CI log, the tests' in-memory streams) it is a no-op
 * and prints nothing at all.
 *
 * A command calls `startProgress(io, 'scanning DIR')`, then `update(text)` as
 * it goes (cheap: redraws at most every 100 ms), and `done()` before it prints
 * its result. What the command writes meanwhile through the real streams is
 * printed above the spinner (yocto-spinner clears and redraws around it).
 */
import type { Io } from './output.js'

/** A running progress line. */
export interface Progress {
  /** Replace the text (e.g. `scanning: 42 files, now QSBs/qsb-042-2018.txt`). */
  update: (text: string) => void
  /** Remove the line; call before printing the result. Safe to call twice. */
  done: () => void
}

const silent: Progress = { update: () => {}, done: () => {} }

/**
 * Whether progress can be drawn for this run.
 *
 * @param io
 *   The streams and environment.
 * @returns
 *   True when standard error is a terminal, outside CI and dumb terminals.
 */
export function showsProgress(io: Io): boolean {
  const env = io.env ?? {}
  return io.terminal?.isTTY === true && env.CI === undefined && env.TERM !== 'dumb'
}

/**
 * Start a progress line on standard error (or nothing, off a terminal).
 *
 * @param io
 *   The streams and environment.
 * @param text
 *   The first text.
 * @returns
 *   The progress line.
 */
export async function startProgress(io: Io, text: string): Promise<Progress> {
  if (!showsProgress(io)) return silent
  const { default: createSpinner } = await import('yocto-spinner')
  const spinner = createSpinner({ text, stream: io.terminal as NodeJS.WriteStream }).start()
  let last = Date.now()
  let finished = false
  return {
    update(next) {
      const now = Date.now()
      if (finished || now - last < 100) return
      last = now
      spinner.text = next
    },
    done() {
      if (finished) return
      finished = true
      spinner.stop()
    },
  }
}
