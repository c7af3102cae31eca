/**
 * The package as users get it: `npm pack`, installed offline into an empty
 * consumer project locked to the versions the project's lockfile resolves.
 * `test/e2e/setup.ts` does this once per run and hands the result to every
 * e2e test file (`inject('packed')`).
 *
 * The tarball is packed from the project when `dist/` is newer than every
 * source (as right after `npm test` builds it), else from a copy built in a
 * temporary folder, so that packing never rewrites the `dist/` other tests read.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The project root. */
export const root = resolve(import.meta.dirname, '../..')

/** What packing and installing gave. */
export interface Packed {
  /** The tarball. */
  tarball: string
  /** The paths inside it, as `npm pack --json` lists them. */
  files: string[]
  /** The consumer project: `package.json` (`type: module`) and `node_modules/qubes-secpack` installed from the tarball. */
  consumer: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed
  }
}

/**
 * Run a command, failing on a spawn error (not on its exit status).
 *
 * @param command
 *   The command.
 * @param args
 *   Its arguments.
 * @param cwd
 *   Where to run it.
 * @param timeout
 *   Milliseconds before it is killed.
 * @returns
 *   What it did.
 */
export function run(command: string, args: readonly string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  // The caller's environment (npm needs its settings), less what changes qsb's output.
  const env = { ...process.env }
  for (const name of ['CI', 'NO_COLOR', 'FORCE_COLOR']) delete env[name]
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env })
  if (result.error) throw result.error
  return result
}

/**
 * The output of a command that must succeed.
 *
 * @param result
 *   What it did.
 * @returns
 *   Its standard output.
 */
export function succeeded(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stdout}\n${result.stderr}`)
  return result.stdout
}

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** The folder to pack: the project when its `dist/` is fresh, else a copy built in `temp`. */
function packSource(temp: string): string {
  const outputs = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'parse.js', 'verify.cjs', 'backend/web.js', 'cli/qsb.js'].map((name) => join(root, 'dist', name))
  const sources = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'].map((name) => newest(join(root, name)))
  if (outputs.every(existsSync) && Math.min(...outputs.map((path) => statSync(path).mtimeMs)) > Math.max(...sources)) return root
  const copy = join(temp, 'source')
  for (const name of ['src', 'docs', 'package.json', 'tsup.config.ts', 'tsconfig.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    cpSync(join(root, name), join(copy, name), { recursive: true })
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'))
  succeeded(run('npm', ['run', '--silent', 'build', '--', '--silent'], copy, 300_000))
  return copy
}

interface LockEntry {
  version?: string
  dev?: boolean
  devOptional?: boolean
  [field: string]: unknown
}

/**
 * An empty project that depends on the tarball (and on Node's types, as a TypeScript consumer on
 * Node does), locked to the versions the project's own lockfile resolves: its dependencies'
 * entries, without the development-only ones.
 */
function writeConsumer(dir: string, tarball: string, integrity: string): void {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  const keep = new Set(['node_modules/@types/node', 'node_modules/undici-types'])
  const packages: Record<string, LockEntry> = {}
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || (entry.dev && !keep.has(path))) continue
    const { dev: _dev, devOptional: _devOptional, ...rest } = entry
    packages[path] = rest
  }
  const dependencies = { 'qubes-secpack': `file:${tarball}`, '@types/node': lock.packages['node_modules/@types/node']?.version ?? '' }
  const { version, license, bin, engines } = manifest
  const own = { version, resolved: `file:${tarball}`, integrity, license, dependencies: manifest.dependencies, bin, engines }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }))
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages: { '': { name: 'consumer', dependencies }, 'node_modules/qubes-secpack': own, ...packages } }),
  )
}

/**
 * Pack the project and install the tarball into a new consumer project.
 *
 * @param temp
 *   An empty temporary folder to work in.
 * @returns
 *   The tarball, its file list and the consumer.
 */
export function packAndInstall(temp: string): Packed {
  const [report] = JSON.parse(succeeded(run('npm', ['pack', '--json', '--pack-destination', temp], packSource(temp)))) as [
    { filename: string; integrity: string; files: Array<{ path: string }> },
  ]
  const consumer = join(temp, 'consumer')
  mkdirSync(consumer)
  writeConsumer(consumer, `../${report.filename}`, report.integrity)
  // Offline: `npm ci` cached every tarball the lockfile names (it does not cache every packument a
  // bare `npm install TARBALL` would need to resolve ranges, hence the lockfile).
  succeeded(run('npm', ['install', '--offline', '--no-audit', '--no-fund'], consumer, 300_000))
  return { tarball: join(temp, report.filename), files: report.files.map((file) => file.path), consumer }
}
