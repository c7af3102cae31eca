/**
 * An in-memory `Io` for running the command in tests.
 */
import type { Io } from '../../src/cli/output.js'

/** An `Io` that collects output, with accessors for it. */
export function memoryIo(stdin: Uint8Array = new Uint8Array()): Io & { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  return {
    stdout: (text) => {
      out += text
    },
    stderr: (text) => {
      err += text
    },
    stdin: async () => stdin,
    isTTY: false,
    out: () => out,
    err: () => err,
  }
}
