/**
 * The `qsb` command: a thin shell over the library. Exit 0 when all is fine,
 * 1 when some input failed (its record carries `error`), 2 on usage errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { Io, OutputMode } from './output.js'

const usage = `Usage: qsb <command> [options] FILE…

Commands:
  parse FILE…|-            read bulletins and canaries into records (secpack files, posts, pages, mail, pastes)
      --format F             the container, instead of detecting it: secpack, markdown, html, email, plain
  verify FILE…             check each document's signatures against the pinned master key
      --secpack DIR          keys from this checkout (default: the file's own checkout)
      --keys FILE|DIR        more key files (repeatable)
      --signature FILE       a signature file to use instead of the document's siblings (repeatable)
      --strict               refuse SHA-1 signatures (default: as GnuPG, legacy SHA-1 before 2019-01-19 is good)
      --master FINGERPRINT   anchor trust to another master key (tests; default: the Qubes Master Signing Key)
      --format F             the container, instead of detecting it
      --accept FILE          known failures to report as \`accepted\` (signature, SHA-256, status, reason)
      --max-size BYTES       largest file read (default 16 MiB)
  scan DIR                 every signed file of a checkout (bulletins, canaries, fund/, digests/, …), verified,
                           then whether a good security-team tag on HEAD authenticates the checkout
      --accept FILE          known failures to report as \`accepted\`; any other failure fails the run
      --max-size BYTES       largest file read (default 16 MiB)
  tags DIR                 every signed tag: signer, role, verdict; and whether HEAD is authenticated
      --accept FILE          known failures (tags by name) to report as \`accepted\`
  keys DIR                 every key under keys/: role and certification by the pinned master key, expiry, revocation
  digest --secpack DIR ISO…  whether an ISO is the one released: its SHA-256 and SHA-512 against the signed DIGESTS
  history DIR [FILE…]      each commit that changed a document or its signatures, and their state
  match --secpack DIR FILE…  trace reposts to the revision they came from; show lost lines and changes of substance
  index DIR                the XSA tracker: which bulletin covers which Xen advisory (--json: by CVE, release, date too)
  export --format osv DIR OUT  one OSV record per bulletin, written to OUT
      index and export verify each bulletin first and leave out any that is not authentic
      --unverified           include bulletins that are not authentic, on purpose (marked, with a warning)
      scan, tags, keys, digest, history, match, index and export take --keys FILE|DIR, --master FINGERPRINT
      and --strict as verify does
  lint FILE…               report problems in bulletins, with line and caret

Output: a table or text by default, --json for one JSON array, --ndjson for one object a line.
Exit status: 0 all fine, 1 some input failed, 2 usage error.
Options: -h, --help   this text;  --version   the version
`

type Options = NonNullable<ParseArgsConfig['options']>

const outputOptions: Options = {
  json: { type: 'boolean' },
  ndjson: { type: 'boolean' },
}

const keyOptions: Options = {
  keys: { type: 'string', multiple: true },
  master: { type: 'string' },
  strict: { type: 'boolean' },
}

function maxSize(values: Values): number | undefined {
  if (values['max-size'] === undefined) return undefined
  const size = Number(values['max-size'])
  if (!Number.isSafeInteger(size) || size <= 0) throw new UsageError('--max-size takes a number of bytes')
  return size
}

function one(values: Values, name: string): string | undefined {
  return typeof values[name] === 'string' ? values[name] : undefined
}

function keysOf(values: Values): { keys: string[]; master: string | undefined; strict: boolean } {
  return {
    keys: strings(values.keys),
    master: typeof values.master === 'string' ? values.master : undefined,
    strict: values.strict === true,
  }
}

// Each command is imported when run: `qsb verify` then never loads the parser or zod.
const commands: Record<string, { options: Options; run: (values: Values, positionals: string[], io: Io) => Promise<number> }> = {
  parse: {
    options: { ...outputOptions, format: { type: 'string' } },
    run: async (values, files, io) =>
      (await import('./commands/parse.js')).runParse(files, outputMode(values), io, formatOption(values)),
  },
  verify: {
    options: {
      ...outputOptions,
      secpack: { type: 'string' },
      keys: { type: 'string', multiple: true },
      signature: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      master: { type: 'string' },
      format: { type: 'string' },
      accept: { type: 'string' },
      'max-size': { type: 'string' },
    },
    run: async (values, files, io) =>
      (await import('./commands/verify.js')).runVerify(
        files,
        {
          secpack: typeof values.secpack === 'string' ? values.secpack : undefined,
          keys: strings(values.keys),
          signatures: strings(values.signature),
          strict: values.strict === true,
          master: typeof values.master === 'string' ? values.master : undefined,
          format: formatOption(values),
          mode: outputMode(values),
          accept: one(values, 'accept'),
          maxSize: maxSize(values),
        },
        io,
      ),
  },
  scan: {
    options: { ...outputOptions, ...keyOptions, accept: { type: 'string' }, 'max-size': { type: 'string' } },
    run: async (values, [dir, ...extra], io) => {
      if (extra.length > 0) throw new UsageError('scan takes one DIR')
      const options = { ...keysOf(values), mode: outputMode(values), accept: one(values, 'accept'), maxSize: maxSize(values) }
      return (await import('./commands/scan.js')).runScan(dir as string, options, io)
    },
  },
  tags: {
    options: { ...outputOptions, ...keyOptions, accept: { type: 'string' } },
    run: async (values, [dir, ...extra], io) => {
      if (extra.length > 0) throw new UsageError('tags takes one DIR')
      const options = { ...keysOf(values), mode: outputMode(values), accept: one(values, 'accept') }
      return (await import('./commands/tags.js')).runTags(dir as string, options, io)
    },
  },
  keys: {
    options: { ...outputOptions, ...keyOptions },
    run: async (values, [dir, ...extra], io) => {
      if (extra.length > 0) throw new UsageError('keys takes one DIR')
      return (await import('./commands/keys.js')).runKeys(dir as string, { ...keysOf(values), mode: outputMode(values) }, io)
    },
  },
  digest: {
    options: { ...outputOptions, ...keyOptions, secpack: { type: 'string' } },
    run: async (values, files, io) => {
      const secpack = one(values, 'secpack')
      if (!secpack) throw new UsageError('digest needs --secpack DIR (a checkout with digests/)')
      return (await import('./commands/digest.js')).runDigest(secpack, files, { ...keysOf(values), mode: outputMode(values) }, io)
    },
  },
  history: {
    options: { ...outputOptions, ...keyOptions },
    run: async (values, [dir, ...files], io) =>
      (await import('./commands/history.js')).runHistory(dir as string, files, { ...keysOf(values), mode: outputMode(values) }, io),
  },
  match: {
    options: { ...outputOptions, ...keyOptions, secpack: { type: 'string' } },
    run: async (values, files, io) => {
      if (typeof values.secpack !== 'string') throw new UsageError('match needs --secpack DIR (a git clone of the secpack)')
      return (await import('./commands/match.js')).runMatch(values.secpack, files, { ...keysOf(values), mode: outputMode(values) }, io)
    },
  },
  index: {
    options: { ...outputOptions, ...keyOptions, unverified: { type: 'boolean' } },
    run: async (values, [dir, ...extra], io) => {
      if (extra.length > 0) throw new UsageError('index takes one DIR')
      const options = { ...keysOf(values), mode: outputMode(values), unverified: values.unverified === true }
      return (await import('./commands/catalogue.js')).runIndex(dir as string, options, io)
    },
  },
  export: {
    options: { ...keyOptions, format: { type: 'string' }, unverified: { type: 'boolean' } },
    run: async (values, [dir, out, ...extra], io) => {
      if (values.format !== 'osv') throw new UsageError('export needs --format osv (the one format it writes)')
      if (!out || extra.length > 0) throw new UsageError('export takes DIR and OUT')
      const options = { ...keysOf(values), unverified: values.unverified === true }
      return (await import('./commands/catalogue.js')).runExport(dir as string, out, options, io)
    },
  },
  lint: {
    options: { quiet: { type: 'boolean', short: 'q' } },
    run: async (values, files, io) => (await import('./commands/lint.js')).runLint(files, io, { quiet: values.quiet === true }),
  },
}

const formats = ['secpack', 'markdown', 'html', 'email', 'plain'] as const

function formatOption(values: Values): (typeof formats)[number] | undefined {
  if (values.format === undefined) return undefined
  const format = formats.find((known) => known === values.format)
  if (!format) throw new UsageError(`--format must be one of ${formats.join(', ')}`)
  return format
}

function strings(value: Values[string]): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []
}

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>

class UsageError extends Error {}

function outputMode(values: Values): OutputMode {
  if (values.json && values.ndjson) throw new UsageError('choose one of --json and --ndjson')
  return values.json ? 'json' : values.ndjson ? 'ndjson' : 'table'
}

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
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage)
    return name ? 0 : 2
  }
  if (name === '--version') {
    io.stdout(`${await version()}\n`)
    return 0
  }
  const command = commands[name]
  if (!command) {
    io.stderr(`qsb: unknown command \`${name}\`\n\n${usage}`)
    return 2
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
    if (values.help) {
      io.stdout(usage)
      return 0
    }
    if (positionals.length === 0) throw new UsageError(`${name} needs at least one FILE (or - for standard input)`)
    return await command.run(values as Values, positionals, io)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`qsb ${name}: ${(error as Error).message}\n`)
      return 2
    }
    throw error
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}
