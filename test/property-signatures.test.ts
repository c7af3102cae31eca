/**
 * Any change to signed bytes never verifies: a generated bulletin is signed at
 * test time with the fixture team key (certified by the fixture master key),
 * verifies good as signed, and never verifies after any one edit — a byte
 * flipped, inserted or deleted, a line ending turned into CRLF, trailing
 * whitespace added.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { createMessage, type PrivateKey, readPrivateKey, sign } from 'openpgp'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadKeyring } from '../src/read/node/index.js'
import type { Keyring } from '../src/verify/index.js'
import { verifyDocument } from '../src/verify/index.js'
import { fingerprints, fixture } from './helpers/keys.js'
import { type ByteEdit, applyEdit, byteEdit } from './helpers/mutate.js'
import { bulletinModel, render } from './helpers/render-bulletin.js'

const signedAt = new Date(Date.UTC(2025, 2, 1))
const now = new Date(Date.UTC(2026, 0, 1))

let keyring: Keyring
let alice: PrivateKey

beforeAll(async () => {
  keyring = await loadKeyring({ secpack: fixture('secpack'), master: fingerprints.master })
  alice = await readPrivateKey({ armoredKey: readFileSync(fixture('keys/secret/alice.asc'), 'utf8') })
})

async function signatureOf(bytes: Uint8Array): Promise<string> {
  const message = await createMessage({ binary: bytes })
  return sign({ message, signingKeys: alice, detached: true, date: signedAt, format: 'armored' })
}

const verify = (bytes: Uint8Array, signature: string): ReturnType<typeof verifyDocument> =>
  verifyDocument(bytes, [{ source: 'generated.txt.sig.alice', signer: 'alice', bytes: signature }], keyring, { now })

describe('signed bulletins', () => {
  it('verify good as signed, and bad after any one edit of their bytes', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, fc.array(byteEdit, { minLength: 25, maxLength: 25 }), async (model, edits: ByteEdit[]) => {
        const bytes = new TextEncoder().encode(render(model))
        // Signing is the slow part: once per bulletin, then many edits. (Alice signs with her subkey.)
        const signature = await signatureOf(bytes)
        const intact = await verify(bytes, signature)
        expect(intact.authentic).toBe(true)
        expect(intact.signatures.map((verdict) => [verdict.status, verdict.fingerprint])).toEqual([['good', fingerprints.aliceSubkey]])
        for (const edit of edits) {
          const edited = applyEdit(bytes, edit)
          expect(Buffer.from(edited).equals(Buffer.from(bytes)), JSON.stringify(edit)).toBe(false)
          const result = await verify(edited, signature)
          expect(result.authentic, JSON.stringify(edit)).toBe(false)
          expect(result.signatures.map((verdict) => verdict.status), JSON.stringify(edit)).toEqual(['bad'])
        }
      }),
      { numRuns: 40 },
    )
  })
})
