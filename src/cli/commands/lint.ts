/**
 * `qsb lint FILE…`: problems in bulletins, for the people who write them.
 */
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { toRecord } from '../../record/index.js'
import { fromQsb, prettifyMessage } from '../../text/index.js'
import { readInput } from '../inputs.js'
import { type Io, safe } from '../output.js'

/**
 * Run `qsb lint`: every message with its line and a caret.
 *
 * @param files
 *   Inputs, `-` for standard input.
 * @param io
 *   Where to write.
 * @param options
 *   `quiet` hides informational notes.
 * @returns
 *   Exit code: 0 when nothing worse than a note was found, 1 otherwise.
 */
export async function runLint(files: readonly string[], io: Io, options: { quiet: boolean }): Promise<number> {
  let failed = false
  let count = 0
  for (const name of files) {
    const input = await readInput(name, io)
    if ('error' in input) {
      io.stdout(`${safe(input.error)}  error  unreadable\n`)
      failed = true
      continue
    }
    const file = new VFile({ path: name === '-' ? '<stdin>' : name, value: input.bytes })
    try {
      toRecord(fromQsb(file), file)
    } catch (error) {
      // The fatal message is already on `file.messages`; anything else is a bug worth showing.
      if (!(error instanceof VFileMessage)) file.message(String(error), { ruleId: 'internal', source: 'qsb' }).fatal = true
    }
    const value = typeof file.value === 'string' ? file.value : undefined
    const messages = file.messages
      .filter((message) => !options.quiet || message.fatal !== undefined)
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    for (const message of messages) {
      io.stdout(`${prettifyMessage(message, value, safe)}\n`)
      if (message.fatal !== undefined && message.fatal !== null) failed = true
    }
    count += messages.length
  }
  io.stdout(`${count} message${count === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}\n`)
  return failed ? 1 : 0
}
