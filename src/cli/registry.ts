/**
 * Every `qsb` command: its operands, options and help, and how it is run.
 * The parser and the help both read this table (see `spec.ts`).
 *
 * A command plugs in with one entry here: its `CommandSpec` (options from the
 * shared groups below where they apply) and a `run` that imports its module
 * from `commands/` when it is run, so that `qsb verify` never loads the
 * parser, git or zod. In its module the command writes records with
 * `printJson`, tables with `table`, status words through `paintFor(io)`,
 * progress through `startProgress(io, …)`, failures with `failureLine`, and
 * returns a status from `exitStatus`.
 */
import type { OutputMode } from './output.js'
import type { CommandSpec, Invocation, OptionSpec } from './spec.js'
import { UsageError } from './spec.js'

/** `--json` and `--ndjson`, for commands that print records. */
export const outputOptions: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'print the records as one JSON array' },
  ndjson: { type: 'boolean', description: 'print one JSON record a line, as each is found' },
}

/** The key options of the commands that verify. */
export const keyOptions: Readonly<Record<string, OptionSpec>> = {
  keys: {
    type: 'string',
    multiple: true,
    value: 'FILE|DIR',
    description: 'more keys: a key file, or a folder searched with its subfolders (repeatable)',
  },
  master: {
    type: 'string',
    value: 'FINGERPRINT',
    description: 'anchor trust to another master key (tests; default: the Qubes Master Signing Key)',
  },
  strict: { type: 'boolean', description: 'refuse SHA-1 signatures (default: as GnuPG, legacy SHA-1 before 2019-01-19 is good)' },
}

/** `--accept FILE`: known failures reported as `accepted`. */
const acceptOption: OptionSpec = {
  type: 'string',
  value: 'FILE',
  description: 'known failures to report as `accepted` (signature file or tag, SHA-256, status, reason); any other failure fails the run',
}

/** `--max-size BYTES`: the read limit, raised or lowered. */
const maxSizeOption: OptionSpec = {
  type: 'string',
  value: 'BYTES',
  count: true,
  description: 'largest file read, in bytes (default 16777216, 16 MiB); anything larger is refused with a message',
}

/** `--unverified`: export or index text that is not authentic, on purpose. */
const unverifiedOption: OptionSpec = {
  type: 'boolean',
  description: 'include bulletins that are not authentic, on purpose (marked `authentic: false`, with a warning)',
}

const containers = ['secpack', 'markdown', 'html', 'email', 'plain'] as const
const formatOption: OptionSpec = {
  type: 'string',
  value: 'FORMAT',
  choices: containers,
  description: `the container, instead of detecting it: ${containers.join(', ')}`,
}

/**
 * The help line naming the JSON Schema of a command's records.
 *
 * @param name
 *   The schema's name (`verification` for `docs/verification.schema.json`).
 * @returns
 *   The line.
 */
export function schemaNote(name: string): string {
  return `--json and --ndjson records: docs/${name}.schema.json (qubes-secpack/schemas/${name}.json)`
}

/**
 * The output mode the options ask for.
 *
 * @param values
 *   Option values.
 * @returns
 *   `table`, `json` or `ndjson`. Throws a `UsageError` for both flags.
 */
export function outputMode(values: Invocation['values']): OutputMode {
  if (values.json && values.ndjson) throw new UsageError('choose one of --json and --ndjson')
  return values.json ? 'json' : values.ndjson ? 'ndjson' : 'table'
}

const text = (value: Invocation['values'][string]): string | undefined => (typeof value === 'string' ? value : undefined)
const list = (value: Invocation['values'][string]): string[] => (Array.isArray(value) ? value : [])
const keysOf = (values: Invocation['values']): { keys: string[]; master: string | undefined; strict: boolean } => ({
  keys: list(values.keys),
  master: text(values.master),
  strict: values.strict === true,
})
const maxSize = (values: Invocation['values']): number | undefined => {
  const given = text(values['max-size'])
  if (given === undefined) return undefined
  const size = Number(given)
  if (!Number.isSafeInteger(size) || size <= 0) throw new UsageError('--max-size takes a number of bytes, 1 or more')
  return size
}
type Format = (typeof containers)[number]
const format = (values: Invocation['values']): Format | undefined => text(values.format) as Format | undefined

/** The commands, in the order help lists them. */
export const commands: readonly CommandSpec[] = [
  {
    name: 'parse',
    summary: 'read bulletins and canaries into records (secpack files, posts, pages, mail, pastes)',
    operands: [{ name: 'FILE', repeat: 'required', stdin: true, description: 'documents to read' }],
    options: { ...outputOptions, format: formatOption },
    notes: ['Exit status: 0 every document read; 1 some could not be read or parsed (its record carries `error`).', schemaNote('parse')],
    run: async ({ values, operands, io }) =>
      (await import('./commands/parse.js')).runParse(operands, outputMode(values), io, format(values)),
  },
  {
    name: 'verify',
    summary: 'check each document’s signatures against the pinned Qubes Master Signing Key',
    operands: [{ name: 'FILE', repeat: 'required', description: 'documents: secpack files (with their .sig.* beside them), posts, pages, mail, pastes' }],
    options: {
      ...outputOptions,
      secpack: { type: 'string', value: 'DIR', folder: 'dir', description: 'keys from this checkout (default: the file’s own checkout)' },
      keys: keyOptions.keys as OptionSpec,
      signature: {
        type: 'string',
        multiple: true,
        value: 'FILE',
        description: 'a signature file to use instead of the document’s siblings (repeatable; one FILE)',
      },
      strict: keyOptions.strict as OptionSpec,
      master: keyOptions.master as OptionSpec,
      format: formatOption,
      accept: acceptOption,
      'max-size': maxSizeOption,
    },
    notes: [
      'Exit status: 0 every document authentic; 1 some not authentic, not signed, not checkable (CANNOT CHECK: a key is missing) or unreadable; 2 usage, or keys that cannot be read.',
      schemaNote('verification'),
    ],
    run: async ({ values, operands, io }) =>
      (await import('./commands/verify.js')).runVerify(
        operands,
        {
          secpack: text(values.secpack),
          keys: list(values.keys),
          signatures: list(values.signature),
          strict: values.strict === true,
          master: text(values.master),
          format: format(values),
          mode: outputMode(values),
          accept: text(values.accept),
          maxSize: maxSize(values),
        },
        io,
      ),
  },
  {
    name: 'scan',
    summary: 'every signed file of a checkout (bulletins, canaries, fund/, digests/, …) verified, then whether a good security-team tag on HEAD authenticates it',
    operands: [{ name: 'DIR', folder: 'dir', description: 'a secpack checkout (a git clone, or a plain copy)' }],
    options: { ...outputOptions, ...keyOptions, accept: acceptOption, 'max-size': maxSizeOption },
    notes: [
      'Exit status: 0 every document parses and every signed file is authentic (or accepted), and a git checkout is authenticated by a good security-team tag on a clean HEAD; 1 otherwise; 2 usage, or DIR cannot be read.',
      schemaNote('scan'),
    ],
    run: async ({ values, operands: [dir], io }) =>
      (await import('./commands/scan.js')).runScan(
        dir as string,
        { ...keysOf(values), mode: outputMode(values), accept: text(values.accept), maxSize: maxSize(values) },
        io,
      ),
  },
  {
    name: 'tags',
    summary: 'every signed git tag: signer, role, verdict; and whether HEAD is authenticated',
    operands: [{ name: 'DIR', folder: 'git', description: 'a git clone of the secpack' }],
    options: { ...outputOptions, ...keyOptions, accept: acceptOption },
    notes: [
      'Exit status: 0 every signed tag good (or accepted); 1 otherwise; 2 usage, or DIR is no git clone.',
      schemaNote('tags'),
    ],
    run: async ({ values, operands: [dir], io }) =>
      (await import('./commands/tags.js')).runTags(dir as string, { ...keysOf(values), mode: outputMode(values), accept: text(values.accept) }, io),
  },
  {
    name: 'keys',
    summary: 'every key under keys/: role and certification by the pinned master key, expiry, revocation',
    operands: [{ name: 'DIR', folder: 'dir', description: 'a secpack checkout' }],
    options: { ...outputOptions, ...keyOptions },
    notes: ['Exit status: 0 the keys were read; 1 some key file could not be read; 2 usage, or DIR cannot be read.', schemaNote('keys')],
    run: async ({ values, operands: [dir], io }) =>
      (await import('./commands/keys.js')).runKeys(dir as string, { ...keysOf(values), mode: outputMode(values) }, io),
  },
  {
    name: 'digest',
    summary: 'whether an ISO is the one released: its SHA-256 and SHA-512 against the signed DIGESTS files',
    operands: [{ name: 'ISO', repeat: 'required', description: 'ISO images (streamed; several GB is fine)' }],
    options: {
      ...outputOptions,
      secpack: { type: 'string', value: 'DIR', folder: 'dir', required: true, description: 'a secpack checkout with digests/' },
      ...keyOptions,
    },
    notes: ['Exit status: 0 every ISO matches a signed entry vouched for by its release key; 1 otherwise; 2 usage.', schemaNote('digest')],
    run: async ({ values, operands, io }) =>
      (await import('./commands/digest.js')).runDigest(text(values.secpack) as string, operands, { ...keysOf(values), mode: outputMode(values) }, io),
  },
  {
    name: 'history',
    summary: 'each commit that changed a document or its signatures, and the state of its signatures then',
    operands: [
      { name: 'DIR', folder: 'git', description: 'a git clone of the secpack' },
      { name: 'FILE', repeat: 'optional', description: 'documents to follow, relative to DIR (default: all)' },
    ],
    options: { ...outputOptions, ...keyOptions },
    notes: ['Exit status: 0 every history read; 1 some document’s could not be; 2 usage, or DIR is no git clone.', schemaNote('history')],
    run: async ({ values, operands: [dir, ...files], io }) =>
      (await import('./commands/history.js')).runHistory(dir as string, files, { ...keysOf(values), mode: outputMode(values) }, io),
  },
  {
    name: 'match',
    summary: 'trace reposts to the secpack revision they came from; show lost lines and changes of substance',
    operands: [{ name: 'FILE', repeat: 'required', description: 'reposts: pages, posts, mail, scrapes, pastes' }],
    options: {
      ...outputOptions,
      secpack: { type: 'string', value: 'DIR', folder: 'git', required: true, description: 'a git clone of the secpack' },
      ...keyOptions,
    },
    notes: [
      'Exit status: 0 every repost traces to a signed revision without a difference of substance; 1 otherwise; 2 usage, or DIR is no git clone.',
      schemaNote('match'),
    ],
    run: async ({ values, operands, io }) =>
      (await import('./commands/match.js')).runMatch(text(values.secpack) as string, operands, { ...keysOf(values), mode: outputMode(values) }, io),
  },
  {
    name: 'index',
    summary: 'the XSA tracker: which bulletin covers which Xen advisory (--json: by CVE, release and date too)',
    operands: [{ name: 'DIR', folder: 'dir', description: 'a secpack checkout' }],
    options: { ...outputOptions, ...keyOptions, unverified: unverifiedOption },
    notes: [
      'Each bulletin is verified first; one that is not authentic is left out with a warning (--unverified includes it, marked).',
      'Exit status: 0 every bulletin read and authentic; 1 some could not be read or were not authentic; 2 usage, or DIR cannot be read.',
      `${schemaNote('index')}: --json the whole index, --ndjson one XSA a line`,
    ],
    run: async ({ values, operands: [dir], io }) =>
      (await import('./commands/catalogue.js')).runIndex(
        dir as string,
        { ...keysOf(values), mode: outputMode(values), unverified: values.unverified === true },
        io,
      ),
  },
  {
    name: 'export',
    summary: 'one OSV record per bulletin, written to OUT as x_QSB-NNN.json',
    operands: [
      { name: 'DIR', folder: 'dir', description: 'a secpack checkout (a git clone gives `modified` dates from the history)' },
      { name: 'OUT', description: 'the folder to write to (made when missing)' },
    ],
    options: {
      format: { type: 'string', value: 'osv', choices: ['osv'], required: true, description: 'the format to write: osv' },
      ...keyOptions,
      unverified: unverifiedOption,
    },
    notes: [
      'Each bulletin is verified first; one that is not authentic is left out with a warning (--unverified includes it, marked); two files with one number are refused.',
      'Exit status: 0 every bulletin exported; 1 some could not be read, verified or written; 2 usage, or DIR cannot be read.',
    ],
    run: async ({ values, operands: [dir, out], io }) =>
      (await import('./commands/catalogue.js')).runExport(dir as string, out as string, { ...keysOf(values), unverified: values.unverified === true }, io),
  },
  {
    name: 'lint',
    summary: 'problems in bulletins, each with its line and a caret',
    operands: [{ name: 'FILE', repeat: 'required', stdin: true, description: 'bulletins or canaries (secpack text)' }],
    options: {
      ...outputOptions,
      quiet: { type: 'boolean', short: 'q', description: 'report errors only (no warnings, no notes)' },
      'max-warnings': { type: 'string', value: 'N', count: true, description: 'exit 1 when there are more than N warnings' },
    },
    notes: ['Exit status: 0 no errors (warnings and notes alone do not fail, unless over --max-warnings); 1 errors; 2 usage.', schemaNote('lint')],
    run: async ({ values, operands, io }) =>
      (await import('./commands/lint.js')).runLint(operands, io, {
        quiet: values.quiet === true,
        maxWarnings: text(values['max-warnings']) === undefined ? null : Number(values['max-warnings']),
        mode: outputMode(values),
      }),
  },
]
