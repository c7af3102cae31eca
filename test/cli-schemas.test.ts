/**
 * Every command's `--json` and `--ndjson` output validates against the JSON
 * Schema shipped in `docs/` for it, error records included: on the fixtures
 * (always) and on the real corpus and its git history (when present). Run
 * through the built `qsb`, validated with ajv (an implementation of JSON
 * Schema independent of zod, which generated the schemas).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { schemaOfCommand } from '../src/cli/schema.js'
import { corpusPath } from './helpers/corpus.js'
import { fingerprints } from './helpers/keys.js'
import { root, runQsb } from './helpers/qsb.js'
import { build, corpus, describeWith } from './helpers/needs.js'

const master = fingerprints.master as string
const ajv = new Ajv2020.default({ allErrors: true, strict: true })
addFormats.default(ajv)
const validators = new Map<string, ReturnType<typeof ajv.compile>>()

function validatorOf(command: string): ReturnType<typeof ajv.compile> {
  const name = schemaOfCommand[command] as string
  let validate = validators.get(name)
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(resolve(root, 'docs', `${name}.schema.json`), 'utf8')) as object)
    validators.set(name, validate)
  }
  return validate
}

/**
 * Run a command with `--json` and with `--ndjson`; both must give the same
 * records, each valid against the command's schema.
 */
function recordsOf(command: string, args: readonly string[]): unknown[] {
  const json = runQsb([command, '--json', ...args])
  expect(json.stderr, 'no trace').not.toMatch(/internal error|\n\s+at /)
  const records = JSON.parse(json.stdout) as unknown[]
  const ndjson = runQsb([command, '--ndjson', ...args])
  const lines = ndjson.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)
  expect(ndjson.status).toBe(json.status)
  // `index --json` prints the whole index, `--ndjson` its advisories, one a line.
  if (command === 'index') expect(lines).toEqual((records[0] as { xsas: unknown[] }).xsas)
  else expect(lines).toEqual(records)
  const validate = validatorOf(command)
  const invalid = [...records, ...lines].flatMap((record) =>
    validate(record) ? [] : [`${JSON.stringify(record).slice(0, 120)}: ${ajv.errorsText(validate.errors)}`],
  )
  expect(invalid).toEqual([])
  return records
}

const errors = (records: readonly unknown[]): unknown[] =>
  records.flatMap((record) => ((record as { error?: unknown }).error ? [(record as { error: unknown }).error] : []))

describeWith([build], '--json and --ndjson on the fixtures, error records included', () => {
  it('every command that prints records names a shipped schema', () => {
    for (const name of Object.values(schemaOfCommand)) expect(readdirSync(resolve(root, 'docs'))).toContain(`${name}.schema.json`)
  })

  it('parse', () => {
    const records = recordsOf('parse', ['fixtures/bulletins/qsb-112-2025.txt', 'fixtures/reposts/archive.mbox', 'fixtures/reposts/page.html', 'no-such.txt', 'fixtures/keys/fingerprints.json'])
    expect(errors(records)).toEqual([
      { message: 'no-such.txt: cannot read: no such file', ruleId: 'unreadable', line: null, column: null },
      expect.objectContaining({ ruleId: expect.any(String), message: expect.stringMatching(/^fixtures\/keys\/fingerprints\.json/) }),
    ])
  })

  it('verify', () => {
    const records = recordsOf('verify', ['--master', master, 'fixtures/secpack/QSBs/qsb-901-2016.txt', 'fixtures/reposts/post.md', 'no-such.txt', 'fixtures/keys/fingerprints.json'])
    expect(errors(records)).toHaveLength(2)
  })

  it('scan', () => {
    recordsOf('scan', ['--master', master, 'fixtures/secpack'])
  })

  it('index', () => {
    recordsOf('index', ['fixtures/secpack'])
  })

  it('lint', () => {
    const records = recordsOf('lint', [...readdirSync('fixtures/bulletins').filter((name) => name.endsWith('.txt')).map((name) => `fixtures/bulletins/${name}`), 'fixtures/lint/qsb-120-2024.txt', 'no-such.txt'])
    expect(errors(records)).toEqual([{ message: 'no-such.txt: cannot read: no such file', ruleId: 'unreadable', line: null, column: null }])
  })
})

describeWith([build, corpus('secpack'), corpus('secpack-history-2023.bundle')], '--json and --ndjson on the corpus', () => {
  let clone = ''
  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'qsb-schemas-'))
    execFileSync('git', ['clone', '-q', '-b', 'upto-2023', corpusPath('secpack-history-2023.bundle'), clone])
  })
  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true })
  })
  const documents = (): string[] =>
    ['QSBs', 'canaries'].flatMap((folder) => readdirSync(corpusPath('secpack', folder)).filter((name) => name.endsWith('.txt')).map((name) => corpusPath('secpack', folder, name)))
  const reposts = (): string[] => ['posts', 'seeds'].flatMap((folder) => readdirSync(corpusPath(folder)).map((name) => corpusPath(folder, name)))

  it('parse: every document and repost', () => {
    expect(recordsOf('parse', [...documents(), ...reposts()]).length).toBeGreaterThan(120)
  }, 120_000)

  it('verify: every document and repost', () => {
    expect(recordsOf('verify', [...documents(), ...reposts()]).length).toBeGreaterThan(120)
  }, 120_000)

  it('scan: the corpus secpack', () => {
    recordsOf('scan', [corpusPath('secpack')])
  }, 120_000)

  it('history: two documents of the real history', () => {
    const records = recordsOf('history', [clone, 'QSBs/qsb-080-2022.txt', 'canaries/canary-030-2022.txt', 'QSBs/no-such.txt'])
    expect(records.filter((record) => 'date' in (record as object)).every((record) => /Z$/.test((record as { date: string }).date))).toBe(true)
    expect(errors(records)).toHaveLength(1)
  }, 120_000)

  it('match: a post, a draft and a scrape against the history, and an unreadable file', () => {
    const chosen = reposts().filter((path) => /2022-06-09-qsb-080\.md$|\/00[04]_[^/]*$/.test(path))
    expect(chosen).toHaveLength(3)
    const records = recordsOf('match', ['--secpack', clone, ...chosen, 'no-such.txt'])
    // The scrape is of QSB-100, which the 2023 history does not hold: an error record too.
    expect(errors(records)).toHaveLength(2)
    expect(errors(records)).toContainEqual({ message: 'no-such.txt: cannot read: no such file', ruleId: 'unreadable', line: null, column: null })
  }, 300_000)

  it('index: the corpus secpack', () => {
    recordsOf('index', [corpusPath('secpack')])
  }, 120_000)

  it('lint: every document', () => {
    recordsOf('lint', documents())
  }, 120_000)
})
