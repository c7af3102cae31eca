/**
 * What a test block needs from the machine (the corpus folders, git, gpg,
 * Chromium, the npm registry, the OSV schema, a current build), and blocks
 * that skip visibly without it: one skipped test per missing thing, named
 * after the block and saying what is missing, so that nothing ever vanishes
 * from a run (an `it.each` over an empty list would).
 *
 * `QSB_TEST_WITHOUT` hides needs, to check how the suite reads on a machine
 * without them: a comma-separated list of names or name prefixes
 * (`QSB_TEST_WITHOUT=corpus,git` hides every corpus folder and git).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it, type TestFunction } from 'vitest'

/** One thing a test needs, and whether this machine has it. */
export interface Need {
  /** Short name (`corpus/secpack`, `git`, `chromium`), matched by `QSB_TEST_WITHOUT`. */
  readonly name: string
  /** What is missing, in words, when it is (`../shared/corpus/secpack not found`). */
  readonly missing: string
  /** Whether it is there (and not hidden). */
  readonly present: boolean
}

const hidden = (process.env.QSB_TEST_WITHOUT ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean)

/** Whether `QSB_TEST_WITHOUT` hides a need by its name or a prefix of it. */
function isHidden(name: string): boolean {
  return hidden.some((prefix) => name === prefix || name.startsWith(`${prefix}/`))
}

/**
 * A need.
 *
 * @param name
 *   Its short name.
 * @param present
 *   Whether the machine has it.
 * @param missing
 *   What to say when it does not.
 * @returns
 *   The need; absent when hidden by `QSB_TEST_WITHOUT`.
 */
export function need(name: string, present: boolean, missing: string): Need {
  if (isHidden(name)) return { name, present: false, missing: `${missing} (hidden by QSB_TEST_WITHOUT)` }
  return { name, present, missing }
}

/** `../shared/corpus` from the project root. */
export const corpusDir = resolve(import.meta.dirname, '../../../shared/corpus')

/**
 * A folder or file of the real-world corpus.
 *
 * @param entry
 *   `secpack`, `posts`, `seeds`, `truth` or `secpack-history-2023.bundle`.
 * @returns
 *   The need `corpus/ENTRY`.
 */
export function corpus(entry: string): Need {
  const path = join(corpusDir, entry)
  return need(`corpus/${entry}`, existsSync(path), `${path} not found (the real-world corpus, beside the project)`)
}

/**
 * A command on the PATH that runs.
 *
 * @param command
 *   The command (`git`, `gpg`).
 * @param args
 *   Arguments that make it print its version and exit 0.
 * @returns
 *   The need named after the command.
 */
export function command(command: string, args: readonly string[] = ['--version']): Need {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 })
  return need(command, !result.error && result.status === 0, `\`${command}\` not found or does not run`)
}

/** `git`. */
export const git = command('git')
/** GnuPG's `gpg`. */
export const gpg = command('gpg')
/** util-linux `script`, to run the command on a pseudo-terminal. */
export const script = command('script')
/** `mkfifo`, to make a FIFO where a file is expected. */
export const mkfifo = command('mkfifo')

/** Where the browser tests look for Chromium (Debian's `chromium` package). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Chromium, to run the browser tests in. */
export const chromium = need('chromium', existsSync(chromiumPath), `${chromiumPath} not found (Debian: apt-get install chromium)`)

/** The OSV JSON Schema in `../shared/osv`. */
export const osvSchemaPath = resolve(import.meta.dirname, '../../../shared/osv/schema.json')
/** The OSV JSON Schema, to validate the export against. */
export const osvSchema = need('osv-schema', existsSync(osvSchemaPath), `${osvSchemaPath} not found`)

const root = resolve(import.meta.dirname, '../..')

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** Whether `dist/` holds a build newer than every source (`npm test` builds first; the quick loop does not). */
function freshBuild(): boolean {
  const outputs = ['index.js', 'index.cjs', 'parse.js', 'parse.cjs', 'verify.js', 'verify.cjs'].map((name) => join(root, 'dist', name))
  if (!outputs.every((path) => existsSync(path))) return false
  const sources = ['src', 'package.json', 'tsup.config.ts'].map((name) => newest(join(root, name)))
  return Math.min(...outputs.map((path) => statSync(path).mtimeMs)) > Math.max(...sources)
}

/** A build in `dist/` as new as the sources. */
export const build = need('build', freshBuild(), 'dist/ is missing or older than src/ (`npm run build`, or `npm test`, builds it)')

/**
 * The npm registry, asked once (`npm ping`).
 *
 * @returns
 *   The need `registry`.
 */
export function registry(): Need {
  const result = spawnSync('npm', ['ping'], { stdio: 'ignore', timeout: 60_000 })
  return need('registry', !result.error && result.status === 0, 'the npm registry is unreachable (`npm ping` failed)')
}

/** The needs of a list that are missing. */
function missingOf(needs: readonly Need[]): Need[] {
  return needs.filter((item) => !item.present)
}

/** One skipped test per missing need. */
function skipFor(missing: readonly Need[]): void {
  for (const item of missing) it.skip(`skipped: ${item.missing}`, () => {})
}

/**
 * A `describe` block that runs when everything it needs is there, and
 * otherwise stays in the run as the same title with one skipped test per
 * missing need, saying what is missing.
 *
 * @param needs
 *   What the block needs.
 * @param title
 *   The block's title.
 * @param body
 *   The block (registered only when nothing is missing).
 * @returns
 *   Nothing.
 */
export function describeWith(needs: readonly Need[], title: string, body: () => void): void {
  const missing = missingOf(needs)
  if (missing.length === 0) describe(title, body)
  else describe(title, () => skipFor(missing))
}

/**
 * An `it` that runs when everything it needs is there, and otherwise is
 * skipped once per missing need, under its own title plus what is missing.
 *
 * @param needs
 *   What the test needs.
 * @param title
 *   The test's title.
 * @param body
 *   The test.
 * @param timeout
 *   Its timeout in milliseconds, if not the default.
 * @returns
 *   Nothing.
 */
export function itWith(needs: readonly Need[], title: string, body: TestFunction, timeout?: number): void {
  const missing = missingOf(needs)
  if (missing.length === 0) it(title, body, timeout)
  else for (const item of missing) it.skip(`${title} — skipped: ${item.missing}`, () => {})
}
