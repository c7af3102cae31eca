/**
 * The `qsb` executable: runs the command line, whatever name or path it was
 * started by (a symlink, a copy, `node dist/cli/qsb.js`). The library never
 * imports this file; tests run `main` with their own streams.
 */
import { main } from './main.js'
import type { Io } from './output.js'

/** Standard streams as an `Io`. */
const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  },
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  // Progress is drawn on standard error, and only when it is a terminal.
  terminal: process.stderr.isTTY ? process.stderr : undefined,
}

// A closed pipe (`qsb parse … | head`) ends the output, not the program with a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})
main(process.argv.slice(2), processIo).then(
  (status) => {
    process.exitCode = status
  },
  (error: unknown) => {
    process.stderr.write(`qsb: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
