/**
 * `qsb verify`, run in-process on the synthetic secpack, the adversarial
 * fixtures and (when present) the real corpus.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { Verification } from '../src/verify/schema.js'
import { corpus, corpusPath } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'
import { memoryIo } from './helpers/io.js'
import { fingerprints, fixture } from './helpers/keys.js'

const master = fingerprints.master as string

describe('qsb verify', () => {
  it('finds a document’s signatures and its checkout’s keys by itself', async () => {
    const io = memoryIo()
    const status = await main(['verify', '--master', master, fixture('secpack/QSBs/qsb-901-2016.txt')], io)
    expect(io.out()).toMatch(/qsb-901-2016\.txt: AUTHENTIC\n {2}GOOD +alice +[0-9A-F ]{49}/)
    expect(status).toBe(0)
    expect(io.err()).toMatch(/anchored to .*, not to the Qubes Master Signing Key/)
  })

  it('is not fooled by a checkout that ships its own master key', async () => {
    const io = memoryIo()
    expect(await main(['verify', fixture('fake-secpack/QSBs/qsb-901-2016.txt')], io)).toBe(1)
    expect(io.out()).toMatch(/NOT AUTHENTIC\n {2}UNTRUSTED/)
  })

  it('prints records that satisfy the schema, and exits 1 when any document is not authentic', async () => {
    const io = memoryIo()
    const good = fixture('secpack/QSBs/qsb-901-2016.txt')
    const changed = fixture('signatures/byte-changed.txt')
    const status = await main(['verify', '--json', '--master', master, '--keys', fixture('keys'), '--secpack', fixture('secpack'), good, changed], io)
    expect(status).toBe(1)
    const records = JSON.parse(io.out()) as unknown[]
    for (const record of records) expect(Verification.safeParse(record).success).toBe(true)
    expect(records.map((record) => (record as Verification).authentic)).toEqual([true, false])
    expect((records[1] as Verification).signatures[0]?.status).toBe('bad')
  })

  it('uses --signature files instead of the siblings', async () => {
    const io = memoryIo()
    const document = fixture('secpack/QSBs/qsb-902-2022.txt')
    const other = fixture('secpack/QSBs/qsb-901-2016.txt.sig.alice')
    expect(await main(['verify', '--ndjson', '--master', master, '--signature', other, document], io)).toBe(1)
    const record = JSON.parse(io.out()) as Verification
    expect(record.signatures.map((signature) => signature.status)).toEqual(['bad'])
  })

  it('a document with no signatures is never authentic', async () => {
    const io = memoryIo()
    expect(await main(['verify', '--master', master, fixture('bulletins/qsb-112-2025.txt')], io)).toBe(1)
    expect(io.out()).toMatch(/NOT AUTHENTIC: no signatures/)
  })

  it('exits 2 for keys that do not exist', async () => {
    const io = memoryIo()
    expect(await main(['verify', '--keys', fixture('no/such/keys'), fixture('secpack/QSBs/qsb-901-2016.txt')], io)).toBe(2)
    expect(io.err()).toMatch(/cannot read keys/)
  })
})

describeWith([corpus('secpack')], 'qsb verify on the corpus', () => {
  it('every corpus document is authentic with the checkout’s own keys', async () => {
    const documents = ['QSBs', 'canaries'].flatMap((folder) =>
      readdirSync(corpusPath('secpack', folder))
        .filter((name) => /^(?:qsb|canary)-\d{3}-\d{4}\.txt$/.test(name))
        .map((name) => corpusPath('secpack', folder, name)),
    )
    const io = memoryIo()
    expect(await main(['verify', '--ndjson', ...documents], io)).toBe(0)
    const records = io.out().trim().split('\n').map((line) => JSON.parse(line) as Verification)
    expect(records.filter((record) => record.authentic)).toHaveLength(documents.length)
  })

  it('names each signer’s certified user id and the Qubes Master Signing Key (its fingerprint as the corpus README gives it)', async () => {
    const io = memoryIo()
    expect(await main(['verify', corpusPath('secpack/QSBs/qsb-099-2024.txt')], io)).toBe(0)
    const master = '427F 11FD 0FAA 4B08 0123 F01C DDFA 1A3E 3687 9494'
    expect(io.out()).toMatch(new RegExp(`from “Marek Marczykowski-Górecki \\(Qubes security pack\\) <[^>]+>”, certified by the Qubes Master Signing Key ${master}`))
    expect(io.out()).toMatch(/\n1 document: 1 authentic\n$/)
    expect(io.err()).toMatch(new RegExp(`\\d+ keys from .*secpack/keys, \\d+ certified by the Qubes Master Signing Key ${master}`))
  })

  it('--strict refuses the legacy SHA-1 signatures', async () => {
    const io = memoryIo()
    expect(await main(['verify', '--strict', '--ndjson', corpusPath('secpack/QSBs/qsb-001-2011.txt')], io)).toBe(1)
    const record = JSON.parse(io.out()) as Verification
    expect(record.signatures.every((signature) => signature.status === 'bad')).toBe(true)
  })
})
