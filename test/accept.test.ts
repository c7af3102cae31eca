/**
 * `--accept FILE`: a known failure is reported as `accepted` (never `good`)
 * and does not fail the run; the same entry with other signature bytes
 * fails it, and so does a new failure beside it. On a copy of the fixture
 * checkout, with the fixture master key pinned.
 */
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { readAcceptList } from '../src/secpack/index.js'
import { memoryIo } from './helpers/io.js'
import { fingerprints, fixture } from './helpers/keys.js'

const master = fingerprints.master as string
let dir = ''
let accept = ''

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

function acceptEntry(signature: string, status = 'bad'): string {
  return `- signature: ${signature}\n  sha256: ${sha256(join(dir, signature))}\n  status: ${status}\n  reason: a known failure, for the test\n`
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsb-accept-'))
  cpSync(fixture('secpack'), dir, { recursive: true })
  // Alice's signature of bulletin 901 put beside bulletin 902: a signature that is genuinely bad there.
  cpSync(join(dir, 'QSBs/qsb-901-2016.txt.sig.alice'), join(dir, 'QSBs/qsb-902-2022.txt.sig.alice'))
  accept = join(dir, 'accept.yml')
  writeFileSync(accept, acceptEntry('QSBs/qsb-902-2022.txt.sig.alice'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('--accept', () => {
  it('without it the bad signature fails the scan', async () => {
    const io = memoryIo()
    expect(await main(['scan', '--master', master, dir], io)).toBe(1)
    expect(io.out()).toMatch(/^not authentic: QSBs\/qsb-902-2022\.txt \(bad\)$/m)
  })

  it('an accepted bad signature is reported as accepted, not good, and the scan passes', async () => {
    const io = memoryIo()
    expect(await main(['scan', '--master', master, '--accept', accept, dir], io)).toBe(0)
    expect(io.out()).toMatch(/^ +qsb-902-2022\.txt +902 .* alice:accepted bob:good +accepted \(known failure\)$/m)
    const json = memoryIo()
    await main(['scan', '--ndjson', '--master', master, '--accept', accept, dir], json)
    const entry = json.out().trim().split('\n').map((line) => JSON.parse(line) as { file?: string; verification?: { authentic: boolean; signatures: unknown[] } })
      .find((line) => line.file === 'QSBs/qsb-902-2022.txt')
    expect(entry?.verification?.authentic).toBe(false)
    expect(entry?.verification?.signatures[0]).toMatchObject({ status: 'accepted', accepted: { status: 'bad', reason: 'a known failure, for the test' } })
  })

  it('the same entry with changed signature bytes fails the run', async () => {
    // Another bad signature in the accepted file's place: Carol's signature of 901.
    cpSync(join(dir, 'QSBs/qsb-901-2016.txt.sig.carol'), join(dir, 'QSBs/qsb-902-2022.txt.sig.alice'))
    const io = memoryIo()
    expect(await main(['scan', '--master', master, '--accept', accept, dir], io)).toBe(1)
    expect(io.err()).toMatch(/the accepted signature QSBs\/qsb-902-2022\.txt\.sig\.alice changed \(its SHA-256 is [0-9a-f]{64}, the entry says [0-9a-f]{64}\)/)
    expect(io.out()).toMatch(/alice:bad/)
  })

  it('a new bad signature beside the accepted one fails the run', async () => {
    cpSync(join(dir, 'QSBs/qsb-901-2016.txt.sig.carol'), join(dir, 'QSBs/qsb-902-2022.txt.sig.carol'))
    const io = memoryIo()
    expect(await main(['scan', '--master', master, '--accept', accept, dir], io)).toBe(1)
    expect(io.out()).toMatch(/alice:accepted carol:bad bob:good +NOT AUTHENTIC \(accepted, bad\)/)
  })

  it('an entry that expects another status does not accept', async () => {
    writeFileSync(accept, acceptEntry('QSBs/qsb-902-2022.txt.sig.alice', 'unknown-key'))
    const io = memoryIo()
    expect(await main(['scan', '--ndjson', '--master', master, '--accept', accept, dir], io)).toBe(1)
    expect(io.out()).toMatch(/accepts this signature QSBs\/qsb-902-2022\.txt\.sig\.alice as `unknown-key`, but it is `bad`: not accepted/)
  })

  it('qsb verify takes the same file', async () => {
    const io = memoryIo()
    expect(await main(['verify', '--master', master, '--accept', accept, join(dir, 'QSBs/qsb-902-2022.txt')], io)).toBe(0)
    expect(io.out()).toMatch(/NOT AUTHENTIC\n {2}ACCEPTED +alice/)
    expect(io.out()).toMatch(/accepted \(bad\): a known failure, for the test/)
    cpSync(join(dir, 'QSBs/qsb-901-2016.txt.sig.carol'), join(dir, 'QSBs/qsb-902-2022.txt.sig.carol'))
    expect(await main(['verify', '--master', master, '--accept', accept, join(dir, 'QSBs/qsb-902-2022.txt')], memoryIo())).toBe(1)
  })

  it('a malformed accept file is refused with the file and the entry named', async () => {
    writeFileSync(accept, '- signature: x\n  status: bad\n')
    const io = memoryIo()
    // A malformed accept file is a mistake in how the command was called: exit 2, before any work.
    expect(await main(['scan', '--master', master, '--accept', accept, dir], io)).toBe(2)
    expect(io.err()).toMatch(/accept\.yml: not an accept list:\n  ✖ Invalid input: expected string, received undefined\n    → at \[0\]\.sha256\n/)
    await expect(readAcceptList('- tag: a\n  signature: b\n  sha256: ' + 'a'.repeat(64) + '\n  status: bad\n  reason: r\n', 'x.yml')).rejects.toThrow(/exactly one of `signature` and `tag`/)
  })
})

describe('without --accept', () => {
  it('the command’s empty list answers as an Acceptor of no entries does, for signatures and tags', async () => {
    const { loadAcceptor } = await import('../src/cli/accept.js')
    const { Acceptor } = await import('../src/secpack/index.js')
    const none = await loadAcceptor(undefined)
    const empty = new Acceptor([], '--accept')
    const verdicts = [
      { status: 'bad' as const, sha256: 'a'.repeat(64), notes: [] },
      { status: 'good' as const, sha256: null, notes: ['x'] },
      { status: 'unknown-key' as const, sha256: 'b'.repeat(64), notes: [] },
    ]
    for (const verdict of verdicts) {
      expect(none.signature(verdict, 'QSBs/qsb-001-2011.txt.sig.joanna')).toEqual(empty.signature(verdict, 'QSBs/qsb-001-2011.txt.sig.joanna'))
      expect(none.tag(verdict, 'joanna_sec_1234')).toEqual(empty.tag(verdict, 'joanna_sec_1234'))
    }
    expect([none.entries, none.failures, none.unused()]).toEqual([empty.entries, empty.failures, empty.unused()])
  })
})
