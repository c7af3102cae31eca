/**
 * Colour for people at a terminal, never for pipes, files or JSON: status
 * words green (fine), yellow (could not be checked, a warning) and red (not
 * authentic, failed). The escapes come from picocolors; whether to use them
 * is decided here, from the streams and the environment, the way most tools
 * do (https://no-color.org, https://force-color.org):
 *
 * - `NO_COLOR` set and not empty: no colour;
 * - else `FORCE_COLOR` set: colour, unless it is `0` or `false`;
 * - else colour when standard output is a terminal and `TERM` is not `dumb`.
 *
 * (picocolors' own default also colours whenever `CI` is set; a CI log is
 * not a terminal, so that default is not used.)
 */
import picocolors from 'picocolors'
import type { Io } from './output.js'

/** The styles the commands use. Each returns its text unchanged when colour is off. */
export interface Paint {
  /** Whether colour is on. */
  enabled: boolean
  /** All fine: `AUTHENTIC`, `good`, `signed`. */
  good: (text: string) => string
  /** Not known to be fine, not known to be wrong: `CANNOT CHECK`, warnings, `unsigned`. */
  warn: (text: string) => string
  /** Wrong or failed: `NOT AUTHENTIC`, `bad`, errors. */
  bad: (text: string) => string
  /** Less important: notes, hints. */
  dim: (text: string) => string
  /** Headings: table headers. */
  strong: (text: string) => string
}

/**
 * Whether to colour what goes to standard output.
 *
 * @param io
 *   The streams and environment.
 * @returns
 *   True for colour.
 */
export function wantsColour(io: Pick<Io, 'isTTY' | 'env'>): boolean {
  const env = io.env ?? {}
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  return io.isTTY === true && env.TERM !== 'dumb'
}

const painters = new WeakMap<object, Paint>()

/** The styles, with colour or without. */
function paintOf(enabled: boolean): Paint {
  const colours = picocolors.createColors(enabled)
  return { enabled: colours.isColorSupported, good: colours.green, warn: colours.yellow, bad: colours.red, dim: colours.dim, strong: colours.bold }
}

/**
 * No colour: every style returns its text unchanged. The default for
 * describing a record outside a command (a library caller, a test), whatever
 * the environment says.
 */
export const noPaint: Paint = paintOf(false)

/**
 * The styles for a command's human output.
 *
 * @param io
 *   The streams and environment.
 * @returns
 *   The styles: escapes when colour is wanted, the text unchanged otherwise.
 */
export function paintFor(io: Io): Paint {
  let paint = painters.get(io)
  if (!paint) {
    paint = paintOf(wantsColour(io))
    painters.set(io, paint)
  }
  return paint
}
