/**
 * The `qsb` command: a thin shell over the library. Finds the command in the
 * table (`registry.ts`), reads its arguments against the same table, checks
 * its input folders, and runs it. Usage errors go to standard error with exit
 * status 2; see `exit.ts` for the statuses.
 */
import { checkFolder } from './errors.js'
import { exitStatus } from './exit.js'
import { commandHelp, globalHelp } from './help.js'
import type { Io } from './output.js'
import { commands } from './registry.js'
import { type CommandSpec, type Invocation, parseCommandLine, UsageError } from './spec.js'

/**
 * Run the command line.
 *
 * @param argv
 *   Arguments after the program name.
 * @param io
 *   Where to read and write.
 * @returns
 *   The exit status.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.stderr(globalHelp())
    return exitStatus.usage
  }
  if (name === '-h' || name === '--help') {
    io.stdout(globalHelp())
    return exitStatus.ok
  }
  if (name === '-V' || name === '--version' || name === 'version') {
    if (name === 'version' && rest.length > 0) return usage(io, 'version', 'version takes no operands')
    io.stdout(`${await version()}\n`)
    return exitStatus.ok
  }
  if (name === 'help') return help(rest, io)
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) {
    const hint = name.startsWith('-') ? (name === '-v' ? ' (did you mean -V, the version?)' : '') : ''
    return usage(io, null, `unknown ${name.startsWith('-') ? 'option' : 'command'} \`${name}\`${hint}`)
  }
  let invocation: Omit<Invocation, 'io'> | 'help'
  try {
    invocation = parseCommandLine(command, rest)
    if (invocation !== 'help') checkFolders(command, invocation)
  } catch (error) {
    if (error instanceof UsageError) return usage(io, command.name, error.message)
    throw error
  }
  if (invocation === 'help') {
    io.stdout(commandHelp(command))
    return exitStatus.ok
  }
  try {
    return await command.run({ ...invocation, io })
  } catch (error) {
    // Option combinations a command checks itself (`--json` with `--ndjson`) are usage errors too.
    if (error instanceof UsageError) return usage(io, command.name, error.message)
    throw error
  }
}

function help(rest: readonly string[], io: Io): number {
  const [topic, ...extra] = rest
  if (topic === undefined) {
    io.stdout(globalHelp())
    return exitStatus.ok
  }
  const command = commands.find((candidate) => candidate.name === topic)
  if (!command || extra.length > 0) return usage(io, 'help', command ? 'help takes one COMMAND' : `no command \`${topic}\``)
  io.stdout(commandHelp(command))
  return exitStatus.ok
}

/** The input folders named as operands or options must exist (exit status 2 otherwise, before any work). */
function checkFolders(command: CommandSpec, invocation: Omit<Invocation, 'io'>): void {
  for (const [index, operand] of command.operands.entries()) {
    const value = invocation.operands[index]
    if (operand.folder && value !== undefined) checkFolder(value, operand.folder, command.name)
  }
  for (const [name, option] of Object.entries(command.options)) {
    const value = invocation.values[name]
    if (option.folder && typeof value === 'string') checkFolder(value, option.folder, command.name)
  }
}

function usage(io: Io, command: string | null, message: string): number {
  const help = command && command !== 'help' && command !== 'version' ? `qsb ${command} --help` : 'qsb --help'
  io.stderr(`qsb${command ? ` ${command}` : ''}: ${message}\nRun \`${help}\` for usage.\n`)
  return exitStatus.usage
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}
