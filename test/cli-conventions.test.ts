/**
 * The conventions of the command line, run through the built `qsb` as a user
 * runs it: standard output, standard error and exit status asserted for each
 * case, colour with `NO_COLOR`/`FORCE_COLOR`, and colour and progress on a
 * pseudo-terminal. Oracles: the README's exit-status table, GnuPG's and
 * eslint's habits (a missing key is not a forgery; warnings alone pass).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../src/cli/registry.js'
import { fingerprints } from './helpers/keys.js'
import { runOnTerminal, runQsb } from './helpers/qsb.js'
import { build, describeWith, script } from './helpers/needs.js'

const master = fingerprints.master as string
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
const good = 'fixtures/secpack/QSBs/qsb-901-2016.txt'
const linted = 'fixtures/lint/qsb-120-2024.txt'
const escape = '\u001b['

interface Case {
  name: string
  args: string[]
  env?: Record<string, string>
  status: number
  stdout?: RegExp | string
  stderr?: RegExp | string
}

const usage: Case[] = [
  { name: 'no arguments: usage on stderr, exit 2', args: [], status: 2, stdout: '', stderr: /^Usage: qsb COMMAND/ },
  { name: '--help: usage on stdout, exit 0', args: ['--help'], status: 0, stdout: /^Usage: qsb COMMAND[\s\S]*Exit status: 0 all fine/, stderr: '' },
  { name: '-V', args: ['-V'], status: 0, stdout: `${version}\n`, stderr: '' },
  { name: '--version', args: ['--version'], status: 0, stdout: `${version}\n`, stderr: '' },
  { name: 'version', args: ['version'], status: 0, stdout: `${version}\n`, stderr: '' },
  { name: '-v is not the version (gpg: verbose)', args: ['-v'], status: 2, stdout: '', stderr: /unknown option `-v` \(did you mean -V, the version\?\)/ },
  { name: 'verify --help: the command’s own help', args: ['verify', '--help'], status: 0, stdout: /^Usage: qsb verify \[options\] FILE…\n/, stderr: '' },
  { name: 'help verify: the same', args: ['help', 'verify'], status: 0, stdout: /^Usage: qsb verify \[options\] FILE…\n/, stderr: '' },
  { name: 'match --help names its required option', args: ['match', '-h'], status: 0, stdout: /^Usage: qsb match \[options\] --secpack DIR FILE…/ },
  { name: 'help of a command that does not exist', args: ['help', 'frob'], status: 2, stdout: '', stderr: /^qsb help: no command `frob`/ },
  { name: 'unknown command', args: ['frob'], status: 2, stdout: '', stderr: /^qsb: unknown command `frob`\nRun `qsb --help` for usage\.\n$/ },
  { name: 'unknown option, with a suggestion', args: ['verify', '--kyes', 'x', good], status: 2, stdout: '', stderr: /^qsb verify: unknown option --kyes \(did you mean --keys\?\)\nRun `qsb verify --help` for usage\.\n$/ },
  { name: 'an option without its value', args: ['verify', '--keys'], status: 2, stderr: /--keys needs a value \(FILE\|DIR\)/ },
  { name: 'a value that is another option', args: ['verify', '--keys', '--json', good], status: 2, stderr: /--keys needs a value \(FILE\|DIR\), not the option `--json`/ },
  { name: 'a value not among the choices', args: ['parse', '--format', 'pdf', good], status: 2, stderr: /--format must be one of secpack, markdown, html, email, plain, not `pdf`/ },
  { name: '--json with --ndjson', args: ['parse', '--json', '--ndjson', good], status: 2, stdout: '', stderr: /choose one of --json and --ndjson/ },
  { name: 'parse without FILE', args: ['parse'], status: 2, stderr: /^qsb parse: parse needs at least one FILE \(or - for standard input\)/ },
  { name: 'verify without FILE', args: ['verify'], status: 2, stderr: /^qsb verify: verify needs at least one FILE: documents/ },
  { name: 'scan without DIR', args: ['scan'], status: 2, stderr: /^qsb scan: scan needs DIR: a secpack checkout/ },
  { name: 'index without DIR', args: ['index'], status: 2, stderr: /^qsb index: index needs DIR/ },
  { name: 'export without --format', args: ['export', 'fixtures/secpack', 'out'], status: 2, stderr: /^qsb export: export needs --format osv/ },
  { name: 'export without OUT', args: ['export', '--format', 'osv', 'fixtures/secpack'], status: 2, stderr: /^qsb export: export needs OUT: the folder to write to/ },
  { name: 'scan with two folders', args: ['scan', 'fixtures/secpack', 'fixtures'], status: 2, stderr: /scan takes DIR; unexpected `fixtures`/ },
  { name: 'match without --secpack', args: ['match', good], status: 2, stderr: /^qsb match: match needs --secpack DIR \(a git clone of the secpack\)/ },
  { name: 'lint --max-warnings needs a number', args: ['lint', '--max-warnings', 'many', linted], status: 2, stderr: /--max-warnings needs a whole number, not `many`/ },
]

const folders: Case[] = [
  { name: 'scan of a folder that does not exist: exit 2, before any keys warning', args: ['scan', '/nonexistent'], status: 2, stdout: '', stderr: /^qsb scan: \/nonexistent: cannot read: no such folder\nRun/ },
  { name: 'scan of a file', args: ['scan', good], status: 2, stdout: '', stderr: /qsb-901-2016\.txt: cannot read: it is a file, not a folder/ },
  { name: 'index of a folder that does not exist', args: ['index', '/nonexistent'], status: 2, stderr: /^qsb index: \/nonexistent: cannot read: no such folder/ },
  { name: 'export of a folder that does not exist', args: ['export', '--format', 'osv', '/nonexistent', '/tmp/x'], status: 2, stderr: /^qsb export: \/nonexistent: cannot read: no such folder/ },
  { name: 'history of a plain folder', args: ['history', 'fixtures/secpack'], status: 2, stdout: '', stderr: /fixtures\/secpack: not a git checkout: history reads the git history/ },
  { name: 'match against a plain folder', args: ['match', '--secpack', 'fixtures/secpack', good], status: 2, stdout: '', stderr: /fixtures\/secpack: not a git checkout: match reads/ },
  { name: 'verify --secpack of a folder that does not exist', args: ['verify', '--secpack', '/nonexistent', good], status: 2, stderr: /\/nonexistent: cannot read: no such folder/ },
  { name: 'verify --keys that do not exist', args: ['verify', '--keys', 'no/such/keys', good], status: 2, stderr: /^qsb verify: cannot read keys: no\/such\/keys: cannot read: no such file/ },
]

const wording: Case[] = [
  { name: 'verify: an unreadable file, its path once', args: ['verify', 'no-such.txt'], status: 1, stdout: /^no-such\.txt: NOT VERIFIED: cannot read: no such file\n1 document: 0 authentic, 1 not \(1 not verified\)\n$/ },
  { name: 'verify: a file with no bulletin, its path once', args: ['verify', 'fixtures/keys/fingerprints.json'], status: 1, stdout: /^fixtures\/keys\/fingerprints\.json:1:1: NOT VERIFIED: No bulletin found: /m },
  { name: 'parse: the same words', args: ['parse', 'no-such.txt'], status: 1, stdout: /^no-such\.txt +error +cannot read: no such file$/m, stderr: 'qsb parse: no-such.txt: cannot read: no such file\n' },
  { name: 'lint: the same words, and no “0 messages”', args: ['lint', 'no-such.txt'], status: 1, stdout: 'no-such.txt: error: cannot read: no such file\n1 problem (1 error) in 1 file\n' },
  { name: 'lint: a folder is not a file', args: ['lint', 'fixtures'], status: 1, stdout: /^fixtures: error: cannot read: it is a folder, not a regular file\n/ },
]

const verdicts: Case[] = [
  {
    name: 'verify: the signer’s certified user id, the master key that vouched, one summary line',
    args: ['verify', '--master', master, good],
    status: 0,
    stdout: new RegExp(
      `^fixtures/secpack/QSBs/qsb-901-2016\\.txt: AUTHENTIC\\n  GOOD +alice +9A97 CA4B .*SHA1\\n {6}fixtures/secpack/QSBs/qsb-901-2016\\.txt\\.sig\\.alice\\n {6}from “Alice Example \\(Qubes security pack\\) <alice@example\\.org>”, certified by the pinned master key A6D1 1EAE [\\s\\S]*\\n1 document: 1 authentic\\n$`,
    ),
    stderr: /4 keys from fixtures\/secpack\/keys, 3 certified by the pinned master key A6D1 1EAE/,
  },
  {
    name: 'verify: a missing key is CANNOT CHECK with its key id, not NOT AUTHENTIC',
    args: ['verify', '--master', master, '--keys', 'fixtures/secpack/keys/master-key', good],
    status: 1,
    stdout: /^fixtures\/secpack\/QSBs\/qsb-901-2016\.txt: CANNOT CHECK: no public keys 9DFB20298A78D127, [0-9A-F]{16} \(add them with --keys\)[\s\S]*\n1 document: 0 authentic, 1 not \(1 cannot check\)\n$/,
  },
  {
    name: '--keys DIR reads the folder tree (keys/ holds only subfolders) and says what it loaded',
    args: ['verify', '--master', master, '--keys', 'fixtures/secpack/keys', good],
    status: 0,
    stderr: /^qsb verify: trust is anchored to .*\nqsb verify: 4 keys from fixtures\/secpack\/keys, 3 certified by the pinned master key A6D1/,
  },
  {
    name: 'a --keys folder without keys: the hint does not ask for --keys',
    args: ['verify', '--keys', 'fixtures/lint', good],
    status: 1,
    stderr: /no keys found in fixtures\/lint \(key files end in \.asc, \.gpg, \.pgp, \.pub or \.key\)\n/,
  },
  {
    name: 'verify: many documents, one summary',
    args: ['verify', '--master', master, good, 'fixtures/secpack/QSBs/qsb-902-2022.txt', 'fixtures/bulletins/qsb-112-2025.txt', 'no-such.txt'],
    status: 1,
    stdout: /\n4 documents: 2 authentic, 2 not \(1 unsigned, 1 not verified\)\n$/,
  },
  { name: 'lint: warnings alone exit 0', args: ['lint', linted], status: 0, stdout: /\n7 problems \(6 warnings, 1 note\) in 1 file\n$/ },
  { name: 'lint: more warnings than --max-warnings exit 1', args: ['lint', '--max-warnings', '5', linted], status: 1, stderr: 'qsb lint: 6 warnings, more than --max-warnings 5\n' },
  { name: 'lint: as many as --max-warnings exit 0', args: ['lint', '--max-warnings', '6', linted], status: 0 },
  { name: 'lint -q: errors only', args: ['lint', '-q', linted], status: 0, stdout: 'no errors in 1 file\n' },
  { name: 'tables: parse shows — for a missing title, and CVEs beside XSAs', args: ['parse', 'fixtures/bulletins/qsb-001-2012.txt', 'fixtures/bulletins/qsb-112-2025.txt'], status: 0, stdout: /qsb-001-2012\.txt +bulletin +001 +2012-03-03 +— +XSA 9\n[\s\S]*XSA 470; CVE-2025-0101\n$/ },
]

const colour: Case[] = [
  { name: 'no colour in a pipe', args: ['verify', '--master', master, good], status: 0, stdout: /^[^\u001b]*$/ },
  { name: 'no colour in a pipe, even in CI (picocolors alone would colour there)', args: ['verify', '--master', master, good], env: { CI: '1' }, status: 0, stdout: /^[^\u001b]*$/ },
  { name: 'FORCE_COLOR=1 colours a pipe: status words green', args: ['verify', '--master', master, good], env: { FORCE_COLOR: '1' }, status: 0, stdout: /: \u001b\[32mAUTHENTIC\u001b\[39m\n {2}\u001b\[32mGOOD/ },
  { name: 'FORCE_COLOR=1: a missing key yellow', args: ['verify', '--master', master, '--keys', 'fixtures/secpack/keys/master-key', good], env: { FORCE_COLOR: '1' }, status: 1, stdout: /\u001b\[33mCANNOT CHECK\u001b\[39m/ },
  { name: 'FORCE_COLOR=1: not authentic red', args: ['verify', 'fixtures/fake-secpack/QSBs/qsb-901-2016.txt'], env: { FORCE_COLOR: '1' }, status: 1, stdout: /\u001b\[31mNOT AUTHENTIC\u001b\[39m/ },
  { name: 'FORCE_COLOR=0: none', args: ['verify', '--master', master, good], env: { FORCE_COLOR: '0' }, status: 0, stdout: /^[^\u001b]*$/ },
  { name: 'NO_COLOR wins over FORCE_COLOR', args: ['verify', '--master', master, good], env: { NO_COLOR: '1', FORCE_COLOR: '1' }, status: 0, stdout: /^[^\u001b]*$/ },
  { name: 'never colour in JSON, even forced', args: ['verify', '--json', '--master', master, good], env: { FORCE_COLOR: '1' }, status: 0, stdout: /^\[\n[^\u001b]*\]\n$/ },
  { name: 'never progress in a pipe', args: ['scan', '--master', master, 'fixtures/secpack'], status: 0, stderr: /^[^\u001b\r]*$/ },
]

describeWith([build], 'the built qsb', () => {
  describe.each([
    ['usage', usage],
    ['input folders', folders],
    ['one wording for read failures', wording],
    ['verdicts, keys, lint, tables', verdicts],
    ['colour', colour],
  ] as const)('%s', (_group, cases) => {
    it.each(cases.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
      const run = runQsb(entry.args, { env: entry.env ?? {} })
      const check = (actual: string, expected: RegExp | string | undefined, stream: string): void => {
        if (expected === undefined) return
        if (typeof expected === 'string') expect(actual, stream).toBe(expected)
        else expect(actual, stream).toMatch(expected)
      }
      check(run.stdout, entry.stdout, 'stdout')
      check(run.stderr, entry.stderr, 'stderr')
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(entry.status)
    })
  })

  it('help shows every option the parser takes, and no other (one table for both)', () => {
    for (const command of commands) {
      const help = runQsb([command.name, '--help']).stdout
      const shown = [...help.matchAll(/^ {2}(?:-\w, )?(?: {4})?--([\w-]+)/gm)].map((match) => match[1]).sort()
      expect(shown, command.name).toEqual([...Object.keys(command.options), 'help'].sort())
      expect(runQsb(['help', command.name]).stdout).toBe(help)
    }
  })

  it('a missing key is distinguishable in JSON: verdict cannot-check, status unknown-key with the issuer', () => {
    const run = runQsb(['verify', '--ndjson', '--master', master, '--keys', 'fixtures/secpack/keys/master-key', good])
    const record = JSON.parse(run.stdout) as { verdict: string; authentic: boolean; signatures: Array<{ status: string; issuer: string }> }
    expect(record).toMatchObject({ verdict: 'cannot-check', authentic: false })
    expect(record.signatures.map((signature) => signature.status)).toEqual(['unknown-key', 'unknown-key'])
    expect(record.signatures[0]?.issuer).toBe((fingerprints.alice as string).slice(-16))
  })

  it('a forgery stays not-authentic in JSON', () => {
    const run = runQsb(['verify', '--ndjson', 'fixtures/fake-secpack/QSBs/qsb-901-2016.txt'])
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'not-authentic', authentic: false })
  })
})

describeWith([build], 'tables in scan', () => {
  let checkout = ''
  beforeAll(() => {
    checkout = mkdtempSync(join(tmpdir(), 'qsb-table-'))
    mkdirSync(join(checkout, 'QSBs'))
    cpSync('fixtures/bulletins/qsb-001-2012.txt', join(checkout, 'QSBs/qsb-001-2012.txt'))
    cpSync('fixtures/secpack/keys', join(checkout, 'keys'), { recursive: true })
  })
  afterAll(() => rmSync(checkout, { recursive: true, force: true }))

  it('scan shows — for a missing title, as parse does, and an unsigned document fails', () => {
    const run = runQsb(['scan', '--master', master, checkout])
    expect(run.stdout).toMatch(/^QSBs\/\n.*\n +qsb-001-2012\.txt +001 +2012-03-03 +— +unsigned$/m)
    expect(run.stdout).toMatch(/\n1 file: 1 unsigned \(1 fails the run\)\n/)
    expect(run.status).toBe(1)
  })
})

describeWith([build, script], 'on a terminal', () => {
  const hideCursor = '\u001b[?25l'
  const args = ['scan', '--master', master, 'fixtures/secpack']

  it('colours status words and draws progress on standard error', () => {
    const { status, screen } = runOnTerminal(args)
    expect(status).toBe(0)
    expect(screen).toContain(`${escape}32mauthentic${escape}39m`)
    expect(screen).toContain(hideCursor)
    expect(screen).toMatch(/scanning fixtures\/secpack/)
  })

  it('NO_COLOR: progress, but no colour', () => {
    const { screen } = runOnTerminal(args, { NO_COLOR: '1' })
    expect(screen).toContain(hideCursor)
    expect(screen).not.toMatch(/\u001b\[3\dm(?:authentic|3 authentic)/)
    expect(screen).toMatch(/3 files: 3 authentic/)
  })

  it('CI: colour on the terminal, but no progress in a CI log', () => {
    const { screen } = runOnTerminal(args, { CI: 'true' })
    expect(screen).not.toContain(hideCursor)
    expect(screen).not.toMatch(/scanning fixtures/)
    expect(screen).toContain(`${escape}32mauthentic`)
  })

  it('TERM=dumb: neither', () => {
    const { screen } = runOnTerminal(args, { TERM: 'dumb' })
    expect(screen).not.toContain(escape)
  })

  it('--json on a terminal: no colour in the JSON, progress only on standard error', () => {
    const { screen } = runOnTerminal(['verify', '--json', '--master', master, good])
    const json = screen.slice(screen.indexOf('['), screen.lastIndexOf(']') + 1)
    expect(json).not.toContain(escape)
    expect(JSON.parse(json.replace(/\r\n/g, '\n'))).toHaveLength(1)
  })
})
