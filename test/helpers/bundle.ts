/**
 * Bundling code that imports the installed package for a browser, the way a
 * web app's bundler does: esbuild, `platform: 'browser'`, no stubs, no
 * externals, no aliases — a Node built-in anywhere in the graph fails the build.
 */
import { relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Message, type Metafile } from 'esbuild'

/** A browser bundle and what went into it. */
export interface Bundle {
  /** The code. */
  code: string
  /** esbuild's metafile (inputs relative to the consumer folder). */
  metafile: Metafile
  /** esbuild's warnings, formatted. */
  warnings: string[]
}

/** A size in bytes, and gzipped (level 9). */
export interface Sizes {
  bytes: number
  gzip: number
}

function format(message: Message): string {
  const place = message.location ? `${message.location.file}:${message.location.line}: ` : ''
  return `${place}${message.text}`
}

/**
 * Bundle an entry file for the browser into one ES module, in memory.
 *
 * @param dir
 *   The consumer folder (its `node_modules` holds the installed package).
 * @param entry
 *   The entry file, relative to `dir`.
 * @param minify
 *   Whether to minify (to measure what users ship).
 * @returns
 *   The bundle; the build throws, naming every unresolvable import, on an error.
 */
export async function bundleForBrowser(dir: string, entry: string, minify: boolean): Promise<Bundle> {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`)
  return { code: output.text, metafile: result.metafile, warnings: result.warnings.map(format) }
}

/**
 * Bundle an entry file for the browser with code splitting, minified, and
 * measure what a page loads first (the entry and its static imports) apart
 * from what it loads on first use (dynamic imports).
 *
 * @param dir
 *   The consumer folder.
 * @param entry
 *   The entry file, relative to `dir`.
 * @returns
 *   Sizes of the first load and of the rest.
 */
export async function splitSizes(dir: string, entry: string): Promise<{ initial: Sizes; lazy: Sizes }> {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: 'out',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const code = new Map(result.outputFiles.map((file) => [relative(dir, file.path), file.text]))
  const outputs = result.metafile.outputs
  const first = new Set<string>()
  const visit = (path: string): void => {
    if (first.has(path)) return
    first.add(path)
    for (const item of outputs[path]?.imports ?? []) if (item.kind === 'import-statement') visit(item.path)
  }
  visit(Object.keys(outputs).find((path) => outputs[path]?.entryPoint === entry) as string)
  const measure = (paths: string[]): Sizes => {
    const all = paths.filter((path) => path.endsWith('.js')).map((path) => sizes(code.get(path) ?? ''))
    return { bytes: all.reduce((sum, item) => sum + item.bytes, 0), gzip: all.reduce((sum, item) => sum + item.gzip, 0) }
  }
  return { initial: measure([...first]), lazy: measure(Object.keys(outputs).filter((path) => !first.has(path))) }
}

/**
 * The inputs of a bundle that are not package code: Node built-ins or
 * anything marked external (none may be, for a browser).
 *
 * @param metafile
 *   The bundle's metafile.
 * @returns
 *   `importer → import` for each such import.
 */
export function foreignImports(metafile: Metafile): string[] {
  const found: string[] = []
  for (const [path, input] of Object.entries(metafile.inputs)) {
    for (const item of input.imports) {
      if (item.external || /^node:/.test(item.path)) found.push(`${path} → ${item.path}`)
    }
  }
  return found
}

/**
 * Sizes of some code.
 *
 * @param code
 *   The code.
 * @returns
 *   Its size in bytes, and gzipped at level 9.
 */
export function sizes(code: string): Sizes {
  const bytes = Buffer.from(code)
  return { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

/**
 * The inputs that left code in the bundle (the metafile's inputs also list
 * modules that tree-shaking dropped whole).
 *
 * @param metafile
 *   The bundle's metafile.
 * @returns
 *   Their paths.
 */
export function shipped(metafile: Metafile): string[] {
  const found = new Set<string>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) found.add(path)
  }
  return [...found]
}

/**
 * The largest contributors to a bundle, by package (or file, for the package itself).
 *
 * @param metafile
 *   The bundle's metafile.
 * @param count
 *   How many to list.
 * @returns
 *   `name: bytes` lines, largest first.
 */
export function largest(metafile: Metafile, count = 8): string[] {
  const totals = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(path)
      const key = name?.[1] === 'qubes-secpack' ? `qubes-secpack/${name[2]}` : (name?.[1] ?? path)
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput)
    }
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name}: ${bytes}`)
}
