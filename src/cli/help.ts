/**
 * Help, generated from the command table (`registry.ts`): the command list
 * for `qsb --help`, and each command's operands and options for
 * `qsb COMMAND --help` and `qsb help COMMAND`. Nothing here is written by hand
 * per command, so help cannot promise an option the parser does not take.
 */
import { commands } from './registry.js'
import { type CommandSpec, commandSynopsis, helpOption, type OptionSpec, synopsis } from './spec.js'

const exitLine =
  'Exit status: 0 all fine; 1 something is not authentic, cannot be checked, or failed; 2 usage, or an input folder that cannot be used.'

/** Lay out `left  right` pairs with the right parts in one column. */
function columns(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...pairs.map(([left]) => left.length))
  return pairs.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd())
}

function optionName(name: string, option: OptionSpec): string {
  const long = `--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`
  return option.short ? `-${option.short}, ${long}` : `    ${long}`
}

/**
 * The help of `qsb` itself: the commands and the global options.
 *
 * @returns
 *   The text, ending in a newline.
 */
export function globalHelp(): string {
  const list = columns([
    ...commands.map((command) => [`${command.name} ${commandSynopsis(command)}`, command.summary] as const),
    ['help [COMMAND]', 'this help, or a command’s'],
    ['version', 'the version (also -V, --version)'],
  ])
  return [
    'Usage: qsb COMMAND [options] [operands]',
    '',
    'Parse Qubes Security Bulletins and canaries, and verify them against the pinned Qubes Master Signing Key.',
    '',
    'Commands:',
    ...list,
    '',
    'Options:',
    ...columns([
      ['-h, --help', 'show this help'],
      ['-V, --version', 'print the version'],
    ]),
    '',
    'Run `qsb COMMAND --help` (or `qsb help COMMAND`) for a command’s operands and options.',
    'Output: a table or text; --json one JSON array, --ndjson one record a line (schemas in docs/*.schema.json).',
    'Colour on a terminal only (NO_COLOR=1 turns it off, FORCE_COLOR=1 on); progress on standard error, on a terminal only.',
    exitLine,
    '',
  ].join('\n')
}

/**
 * The help of one command.
 *
 * @param command
 *   The command.
 * @returns
 *   The text, ending in a newline.
 */
export function commandHelp(command: CommandSpec): string {
  const options = { ...command.options, help: helpOption }
  return [
    `Usage: qsb ${command.name} [options] ${commandSynopsis(command)}`,
    '',
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`,
    '',
    'Operands:',
    ...columns(command.operands.map((operand) => [synopsis([operand]).replace(/^\[(.*)\]$/, '$1'), operandText(operand)] as const)),
    '',
    'Options:',
    ...columns(Object.entries(options).map(([name, option]) => [optionName(name, option), optionText(option)] as const)),
    '',
    ...(command.notes ?? [exitLine]),
    '',
  ].join('\n')
}

function operandText(operand: CommandSpec['operands'][number]): string {
  return `${operand.description}${operand.repeat === 'optional' ? ' (optional)' : ''}${operand.stdin ? '; - for standard input' : ''}`
}

function optionText(option: OptionSpec): string {
  return `${option.description}${option.required ? ' (required)' : ''}`
}
