/**
 * Running the built `qsb` (`dist/cli/qsb.js`, made by `npm run build`; `npm
 * test` builds first) as users do: a child process with its own environment,
 * through pipes, or on a pseudo-terminal with util-linux `script`.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

/** The project's root. */
export const root = resolve(import.meta.dirname, '../..')
/** The built command. */
export const qsbPath = resolve(root, 'dist/cli/qsb.js')
/** What a run printed, and its exit status. */
export interface Run {
  status: number | null
  stdout: string
  stderr: string
}

/**
 * An environment without the settings that change output (`CI`, `NO_COLOR`,
 * `FORCE_COLOR`), plus the ones given.
 *
 * @param extra
 *   Variables to set.
 * @returns
 *   The environment.
 */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', LANG: 'C.UTF-8' }
  return { ...env, ...extra }
}

/**
 * Run the built `qsb` through pipes.
 *
 * @param args
 *   Its arguments.
 * @param options
 *   Environment variables to add, standard input, working folder (default: the project root).
 * @returns
 *   Its output and exit status.
 */
export function runQsb(args: readonly string[], options: { env?: Record<string, string>; input?: string | Uint8Array; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [qsbPath, ...args], {
    cwd: options.cwd ?? root,
    env: cleanEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

/**
 * Run the built `qsb` on a pseudo-terminal (`script -qec`): standard output
 * and standard error are both the terminal, so what a person sees is one stream.
 *
 * @param args
 *   Its arguments.
 * @param env
 *   Environment variables to add.
 * @returns
 *   What the terminal received (with `\r\n` line ends), and the exit status.
 */
export function runOnTerminal(args: readonly string[], env: Record<string, string> = {}): { status: number | null; screen: string } {
  const command = [process.execPath, qsbPath, ...args].map(quote).join(' ')
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, env: cleanEnv(env), encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, screen: result.stdout }
}
