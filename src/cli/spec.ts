/**
 * The one description of the command line: each command's operands and
 * options, from which both the argument parser (`parseCommandLine`) and the
 * help (`help.ts`) are made, so the two cannot drift apart.
 *
 * Parsing is `node:util` `parseArgs` in its token mode: it splits the
 * arguments the POSIX way (`--opt value`, `--opt=value`, `-q`, `--`), and the
 * checks below turn what it found into messages in this command's words
 * (`unknown option --foo`, `--keys needs a value (FILE|DIR)`, `scan needs DIR`).
 */
import { parseArgs } from 'node:util'
import type { Io } from './output.js'

/** One option of a command. */
export interface OptionSpec {
  /** `boolean` flags take no value; `string` options take one. */
  type: 'boolean' | 'string'
  /** A one-letter alias (`q` for `-q`). */
  short?: string
  /** May be given more than once (values are collected in order). */
  multiple?: boolean
  /** The value's name in help and messages (`DIR`, `FILE|DIR`, `N`). */
  value?: string
  /** What it does, one line. */
  description: string
  /** The only values accepted. */
  choices?: readonly string[]
  /** The value must be a whole number, 0 or more. */
  count?: boolean
  /** The command cannot run without it. */
  required?: boolean
  /** The value is a folder that must exist (`dir`), and be a git clone (`git`). */
  folder?: 'dir' | 'git'
}

/** One operand (positional argument) of a command. */
export interface OperandSpec {
  /** Its name in help and messages (`FILE`, `DIR`, `OUT`). */
  name: string
  /** What it is, one line. */
  description: string
  /** Zero or more (`[FILE…]`) or one or more (`FILE…`); only the last operand may repeat. */
  repeat?: 'optional' | 'required'
  /** `-` stands for standard input. */
  stdin?: boolean
  /** A folder that must exist (`dir`), and be a git clone (`git`): otherwise a usage error (exit 2). */
  folder?: 'dir' | 'git'
}

/** What a command's `run` receives. */
export interface Invocation {
  /** Option values by long name: `true` for flags, strings, or arrays of strings for `multiple`. */
  values: Readonly<Record<string, string | boolean | string[] | undefined>>
  /** Operands, in order. */
  operands: readonly string[]
  io: Io
}

/** A command: its help and its wiring. */
export interface CommandSpec {
  /** The word after `qsb`. */
  name: string
  /** What it does, one line (the command list and the help's first line). */
  summary: string
  operands: readonly OperandSpec[]
  options: Readonly<Record<string, OptionSpec>>
  /** Lines of help after the options (what the exit statuses mean for it, where the schema is). */
  notes?: readonly string[]
  /** Run it; loads the command's module on first use. Returns the exit status. */
  run: (invocation: Invocation) => Promise<number>
}

/** A mistake on the command line: printed on standard error, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The option every command has. */
export const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' }

/**
 * Read a command's arguments against its spec.
 *
 * @param spec
 *   The command.
 * @param args
 *   The arguments after the command's name.
 * @returns
 *   The values and operands, or `help` when `-h`/`--help` was given. Throws a
 *   `UsageError` naming what is wrong.
 */
export function parseCommandLine(spec: CommandSpec, args: readonly string[]): Omit<Invocation, 'io'> | 'help' {
  const options: Readonly<Record<string, OptionSpec>> = { ...spec.options, help: helpOption }
  const config = Object.fromEntries(
    Object.entries(options).map(([name, option]) => [name, { type: option.type, multiple: option.multiple === true, ...(option.short ? { short: option.short } : {}) }]),
  )
  const { tokens } = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: false, tokens: true })
  const values: Record<string, string | boolean | string[]> = {}
  const operands: string[] = []
  for (const token of tokens) {
    if (token.kind === 'positional') operands.push(token.value)
    if (token.kind !== 'option') continue
    const option = options[token.name]
    if (!option) throw new UsageError(`unknown option ${token.rawName}${suggest(token.rawName, options)}`)
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`)
      values[token.name] = true
      continue
    }
    const value = token.value
    if (value === undefined) throw new UsageError(`${token.rawName} needs a value (${option.value ?? 'VALUE'})`)
    if (!token.inlineValue && value.startsWith('-') && value !== '-') {
      throw new UsageError(`${token.rawName} needs a value (${option.value ?? 'VALUE'}), not the option \`${value}\` (write ${token.rawName}=${value} if that is the value)`)
    }
    check(`--${token.name}`, option, value)
    if (option.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), value]
    else if (values[token.name] !== undefined) throw new UsageError(`--${token.name} may be given only once`)
    else values[token.name] = value
  }
  if (values.help === true) return 'help'
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required && values[name] === undefined) {
      throw new UsageError(`${spec.name} needs --${name} ${option.value ?? ''}`.trimEnd() + ` (${option.description})`)
    }
  }
  checkOperands(spec, operands)
  return { values, operands }
}

function check(name: string, option: OptionSpec, value: string): void {
  if (option.choices && !option.choices.includes(value)) {
    throw new UsageError(`${name} must be ${option.choices.length === 1 ? option.choices[0] : `one of ${option.choices.join(', ')}`}, not \`${value}\``)
  }
  if (option.count && !/^\d+$/.test(value)) throw new UsageError(`${name} needs a whole number, not \`${value}\``)
}

function checkOperands(spec: CommandSpec, operands: readonly string[]): void {
  const required = spec.operands.filter((operand) => operand.repeat !== 'optional')
  if (operands.length < required.length) {
    const missing = required[operands.length] as OperandSpec
    const what = missing.repeat === 'required' ? `at least one ${missing.name}` : missing.name
    throw new UsageError(`${spec.name} needs ${what}${missing.stdin ? ' (or - for standard input)' : ''}: ${missing.description}`)
  }
  const last = spec.operands.at(-1)
  if (!last?.repeat && operands.length > spec.operands.length) {
    throw new UsageError(`${spec.name} takes ${synopsis(spec.operands)}; unexpected \`${operands[spec.operands.length]}\``)
  }
}

/**
 * The operands as help writes them: `DIR [FILE…]`, `FILE…|-`.
 *
 * @param operands
 *   The operands.
 * @returns
 *   Their synopsis.
 */
export function synopsis(operands: readonly OperandSpec[]): string {
  return operands
    .map((operand) => {
      const name = `${operand.name}${operand.repeat ? '…' : ''}${operand.stdin ? '|-' : ''}`
      return operand.repeat === 'optional' ? `[${name}]` : name
    })
    .join(' ')
}

/**
 * A command's synopsis: its required options, then its operands
 * (`--secpack DIR FILE…`).
 *
 * @param command
 *   The command.
 * @returns
 *   The synopsis.
 */
export function commandSynopsis(command: Pick<CommandSpec, 'options' | 'operands'>): string {
  const required = Object.entries(command.options)
    .filter(([, option]) => option.required)
    .map(([name, option]) => `--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`)
  return [...required, synopsis(command.operands)].join(' ')
}

/** ` (did you mean --keys?)` for a near miss, else nothing. */
function suggest(raw: string, options: Readonly<Record<string, OptionSpec>>): string {
  const bare = raw.replace(/^-+/, '')
  const near = Object.keys(options).find((name) => name !== bare && distance(name, bare) <= (name.length >= 4 ? 2 : 1))
  if (near) return ` (did you mean --${near}?)`
  return ''
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length] as number
}
