/**
 * `--accept FILE` for `scan`, `verify` and `tags`: the accept list, read
 * once (bounded, regular file only), and what to say about it at the end.
 */
import { readRegularFile } from '../read/node/index.js'
import type { Acceptor } from '../secpack/index.js'
import { type Io, safe } from './output.js'

/** What the commands use of an accept list. */
export type Accepting = Pick<Acceptor, 'entries' | 'failures' | 'signature' | 'tag' | 'unused'>

/**
 * No `--accept`: an empty list, which accepts nothing and leaves every
 * verdict as it is (what an `Acceptor` of no entries does), without loading
 * the secpack room for it: a cold `qsb verify` needs none of it.
 */
function acceptNothing(): Accepting {
  return { entries: [], failures: [], signature: (verdict) => verdict, tag: (verdict) => verdict, unused: () => [] }
}

/** Largest accept file read: a list of a few known failures. */
const maxAcceptSize = 1024 * 1024

/**
 * Read `--accept FILE`.
 *
 * @param path
 *   The file, or undefined when not given.
 * @returns
 *   The acceptor (an empty one without a file). Rejects with a `SecpackError` naming the file when it is unreadable or malformed.
 */
export async function loadAcceptor(path: string | undefined): Promise<Accepting> {
  if (path === undefined) return acceptNothing()
  const { Acceptor, readAcceptList, SecpackError } = await import('../secpack/index.js')
  const read = readRegularFile(path, maxAcceptSize)
  if ('failure' in read) throw new SecpackError(read.failure.message)
  return new Acceptor(await readAcceptList(new TextDecoder().decode(read.bytes), path), path)
}

/**
 * Report what the accept list did: entries whose bytes changed (failures), and unused ones (warnings).
 *
 * @param acceptor
 *   The acceptor, after use.
 * @param command
 *   The command's name, for messages.
 * @param io
 *   Where to write.
 * @returns
 *   Whether some entry failed the run.
 */
export function reportAcceptor(acceptor: Accepting, command: string, io: Io): boolean {
  for (const failure of acceptor.failures) io.stderr(`qsb ${command}: ${safe(failure)}\n`)
  for (const entry of acceptor.unused()) {
    io.stderr(`qsb ${command}: warning: the accept entry for ${safe(entry.signature ?? `tag ${entry.tag ?? ''}`)} matched nothing that fails (fixed or removed? then drop it)\n`)
  }
  return acceptor.failures.length > 0
}

/**
 * A failure's message made safe to print, keeping its own line breaks (a
 * malformed accept file's problems, one a line), the lines after the first indented.
 *
 * @param error
 *   What was thrown.
 * @returns
 *   The text.
 */
export function errorText(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')
    .map(safe)
    .join('\n  ')
}
