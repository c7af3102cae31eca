/**
 * The real secpack: every signature gets GnuPG's verdict (truth/gpg-verdicts.tsv:
 * status, key id and digest), trust anchored to the real pinned master key,
 * and the unsigned drafts among the seeds never verify.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { findSignatures, type Keyring, loadKeyring, qubesMasterKeyFingerprint, verifyFile } from '../src/index.js'
import { Verification } from '../src/schema.js'
import { corpus, corpusFiles, corpusPath } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'

interface Verdict {
  signature: string
  status: string
  keyId: string
  digest: string
}

const digests: Record<string, string> = { '2': 'SHA1', '8': 'SHA256', '10': 'SHA512' }

function truth(): Verdict[] {
  const [, ...rows] = readFileSync(corpusPath('truth/gpg-verdicts.tsv'), 'utf8').trim().split('\n')
  return rows.map((row) => {
    const [signature, status, keyId, digest] = row.split('\t') as [string, string, string, string]
    return { signature, status, keyId, digest }
  })
}

describeWith([corpus('secpack'), corpus('truth')], 'corpus: secpack signatures', () => {
  let keyring: Keyring
  const results = new Map<string, Verification>()
  const documents = [
    ...corpusFiles('secpack/QSBs', /^[^.]+\.(?:txt|dot)$/).map((name) => `secpack/QSBs/${name}`),
    ...corpusFiles('secpack/canaries', /^[^.]+\.txt$/).map((name) => `secpack/canaries/${name}`),
  ]

  beforeAll(async () => {
    keyring = await loadKeyring({ secpack: corpusPath('secpack') })
    for (const document of documents) results.set(document, await verifyFile(corpusPath(document), keyring, { file: document }))
  })

  it('trusts exactly the security-team keys certified by the pinned master key', () => {
    expect(keyring.master).toBe(qubesMasterKeyFingerprint)
    expect(keyring.diagnostics).toEqual([])
    const team = Object.fromEntries(keyring.keys.filter((key) => key.team).map((key) => [key.fingerprint, key.names]))
    expect(team).toEqual({
      '2D1771FE4D767EDC76B089FAD655A4F21830E06A': ['marmarek', 'marek'],
      B35B2DA4B9F9F10949226F77ACC2602F3F48CB21: ['security', 'qubes'],
      EA18E7F040C41DDAEFE9AA0F4AC18DE1112E1490: ['simon'],
      BB67A93CA089499C47B69E3C4E6829BC92C7B3DC: ['joanna'],
    })
    expect(keyring.keys.find((key) => key.master)).toMatchObject({ team: false, fingerprint: qubesMasterKeyFingerprint })
  })

  it('gives every signature GnuPG’s verdict, key id and digest', () => {
    const verdicts = truth()
    expect(verdicts).toHaveLength(255)
    const ours = new Map([...results.values()].flatMap((result) => result.signatures.map((signature) => [signature.source, signature])))
    expect(ours.size).toBe(verdicts.length)
    let good = 0
    for (const verdict of verdicts) {
      const signature = ours.get(corpusPath(verdict.signature))
      expect(signature, verdict.signature).toBeDefined()
      expect(verdict.status).toBe('GOODSIG')
      expect({ file: verdict.signature, status: signature?.status }).toEqual({ file: verdict.signature, status: 'good' })
      expect(signature?.fingerprint?.slice(-16)).toBe(verdict.keyId)
      expect(signature?.issuer).toBe(verdict.keyId)
      expect(signature?.hash).toBe(digests[verdict.digest])
      expect(signature?.signer).toBe(basename(verdict.signature).split('.').pop())
      if (verdict.digest === '2') expect(signature?.notes.join()).toMatch(/legacy SHA1/)
      good++
    }
    expect(good).toBe(255)
  })

  it('finds every document authentic, the signed graph included, and the templates unsigned', () => {
    for (const [document, result] of results) {
      Verification.parse(result)
      const template = /template\.txt$/.test(document)
      expect({ document, authentic: result.authentic }).toEqual({ document, authentic: !template })
      if (template) expect(result.signatures).toEqual([])
    }
    expect(results.get('secpack/QSBs/xsa-109-risk-graph.dot')?.signatures.map((signature) => signature.status)).toEqual(['good', 'good'])
  })

  it('refuses the SHA-1 signatures under the strict policy, and only those', async () => {
    const sha1 = truth().filter((verdict) => verdict.digest === '2').length
    let refused = 0
    for (const document of documents) {
      const result = await verifyFile(corpusPath(document), keyring, { policy: 'strict' })
      for (const signature of result.signatures) {
        expect(signature.status).toBe(signature.hash === 'SHA1' ? 'bad' : 'good')
        if (signature.status === 'bad') refused++
      }
    }
    expect(refused).toBe(sha1)
  })
})

describeWith([corpus('seeds'), corpus('secpack')], 'corpus: seed drafts', () => {
  const seeds = corpusFiles('seeds', /^00[0-3]_.*\.txt$/)

  it.each(seeds)('%s is unsigned, and the published signatures do not fit it', async (name) => {
    const keyring = await loadKeyring({ secpack: corpusPath('secpack') })
    const path = corpusPath('seeds', name)
    const result = await verifyFile(path, keyring)
    expect(result).toMatchObject({ authentic: false, signatures: [], error: null })
    // The draft's number, if published, names signatures made over other bytes.
    const number = /Bulletin #?(\d+)/.exec(readFileSync(path, 'utf8'))?.[1]?.padStart(3, '0')
    const published = corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/).find((name) => name.startsWith(`qsb-${number}-`))
    if (!published || !existsSync(corpusPath('secpack/QSBs', published))) return
    const signatures = await findSignatures(corpusPath('secpack/QSBs', published))
    const against = await verifyFile(path, keyring, { signatures })
    expect(against.authentic).toBe(false)
    expect(against.signatures.map((signature) => signature.status)).toEqual(signatures.map(() => 'bad'))
  })
})
