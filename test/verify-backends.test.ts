/**
 * Both `#crypto` backends give the same verdicts: every verification fixture
 * (the fixture checkout and tampered copies, every adversarial signature, a
 * fake checkout) and the real secpack when the corpus is there, verified once
 * with Node's `crypto` and once with WebCrypto (Node's own `crypto.subtle`,
 * the API a browser has), under both policies, compared field by field.
 *
 * Each backend is loaded into a fresh module graph (`vi.doMock('#crypto')`
 * after `vi.resetModules()`), wrapped to count the RSA checks it answered, so
 * that the test cannot compare one backend with itself or pass with every
 * check falling back to openpgp.js.
 */
import { describe, expect, it, vi } from 'vitest'
import type { CryptoBackend } from '../src/verify/backend/types.js'
import type { Verification } from '../src/verify/index.js'
import { corpus } from './helpers/corpus.js'
import { describeWith } from './helpers/needs.js'
import { corpusSet, fixtureSets, type VerificationSet } from './helpers/verification-sets.js'

type BackendName = 'node' | 'web'

interface Run {
  /** Which backend answered (its own `name`). */
  backend: string
  /** RSA checks the backend answered (not passed on to openpgp.js). */
  answered: number
  /** Per set: the keyring's keys and diagnostics, and per document and policy its verification. */
  results: Record<string, unknown>
}

/** Verify every set with one backend, in a module graph of its own. */
async function verifyWith(which: BackendName, sets: readonly VerificationSet[]): Promise<Run> {
  vi.resetModules()
  const count = { answered: 0 }
  vi.doMock('#crypto', async () => {
    const { backend } = (await (which === 'node' ? import('../src/verify/backend/node.js') : import('../src/verify/backend/web.js'))) as {
      backend: CryptoBackend
    }
    const counted: CryptoBackend = {
      name: backend.name,
      sha256Hex: (bytes) => backend.sha256Hex(bytes),
      digest: (digest, bytes) => backend.digest(digest, bytes),
      verifyEd25519: (publicKey, message, signature) => backend.verifyEd25519(publicKey, message, signature),
      async verifyRsa(key, digest, data, signature) {
        const verdict = await backend.verifyRsa(key, digest, data, signature)
        if (verdict !== undefined) count.answered++
        return verdict
      },
    }
    return { backend: counted }
  })
  const { backend } = (await import('#crypto')) as { backend: CryptoBackend }
  const { readKeyring, verifyDocument } = await import('../src/verify.js')
  const now = new Date('2025-06-01T00:00:00Z')
  const results: Record<string, unknown> = {}
  for (const set of sets) {
    const keyring = await readKeyring(set.keys, { master: set.master, now })
    const documents: Record<string, Verification> = {}
    for (const document of set.documents) {
      for (const policy of ['gnupg', 'strict'] as const) {
        documents[`${document.name} (${policy})`] = await verifyDocument(document.bytes, document.signatures, keyring, { policy, now, file: document.name })
      }
    }
    results[set.name] = { keys: keyring.keys, diagnostics: keyring.diagnostics, documents }
  }
  vi.doUnmock('#crypto')
  return { backend: backend.name, answered: count.answered, results: JSON.parse(JSON.stringify(results)) as Record<string, unknown> }
}

/** Every signature's status, by set, document and policy. */
function statuses(run: Run, set: string): Record<string, string[]> {
  const { documents } = run.results[set] as { documents: Record<string, Verification> }
  return Object.fromEntries(Object.entries(documents).map(([name, result]) => [name, result.signatures.map((signature) => signature.status)]))
}

function compare(sets: readonly VerificationSet[]): void {
  it('gives the same keyring and the same verification, field by field, for every document under both policies', async () => {
    const node = await verifyWith('node', sets)
    const web = await verifyWith('web', sets)
    expect([node.backend, web.backend]).toEqual(['node', 'webcrypto'])
    // Each backend did the RSA checks itself (WebCrypto has no SHA-224: those alone go to openpgp.js).
    expect(node.answered).toBeGreaterThan(0)
    expect(web.answered).toBeGreaterThan(0)
    let good = 0
    for (const set of sets) {
      expect(web.results[set.name], set.name).toEqual(node.results[set.name])
      const found = Object.values(statuses(web, set.name)).flat()
      // Not a comparison of two empty or failed runs: every set has signatures that were checked.
      expect(found.filter((status) => status !== 'error').length, set.name).toBeGreaterThan(0)
      good += found.filter((status) => status === 'good').length
      console.log(`${set.name}: ${set.documents.length} documents, ${found.length} verdicts alike (${good} good so far); RSA checks answered: node ${node.answered}, webcrypto ${web.answered}`)
    }
    expect(good).toBeGreaterThan(0)
  })
}

describe('the Node and WebCrypto backends: fixtures', () => {
  const sets = fixtureSets()
  compare(sets)

  it('knows the fixtures’ verdicts: tampered copies are bad, the originals good', async () => {
    const web = await verifyWith('web', sets)
    const checkout = statuses(web, 'fixture checkout')
    const names = Object.keys(checkout)
    expect(names.length).toBe(12)
    for (const name of names.filter((name) => name.endsWith('(gnupg)'))) {
      expect(checkout[name], name).toEqual(name.startsWith('tampered: ') ? ['bad', 'bad'] : ['good', 'good'])
    }
  })
})

describeWith([corpus('secpack')], 'the Node and WebCrypto backends: the corpus secpack', () => {
  compare([corpusSet()])
})
