/**
 * The `secpack/` room's contract: its JSON Schemas describe every field, the
 * zod schemas agree with the verification types others implement. (That every
 * field is described is checked with the other schemas in `schema.test.ts`, and
 * the exported names in `api.test.ts`.)
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as z from 'zod'
import { historyJsonSchema } from '../src/secpack/json-schema.js'
import type { DocumentVerificationRecord, SignatureVerdictRecord } from '../src/secpack/schema.js'
import type { DocumentVerification, SignatureVerdict, Verifier } from '../src/secpack/index.js'
import type { Keyring } from '../src/verify/index.js'
import { verifyDocument } from '../src/verify/index.js'

describe('secpack schemas', () => {
  it('name their parts under $defs', () => {
    expect(Object.keys((historyJsonSchema() as { $defs: object }).$defs)).toEqual(
      expect.arrayContaining(['HistoryRecord', 'HistoryFailure', 'SignatureVerdict', 'EntryError']),
    )
  })

  it('take the real verifier as the injected one', () => {
    // Type-checked by `tsc`: the verify room's function fits the `Verifier` shape once its keyring is bound.
    const wire = (keyring: Keyring): Verifier => (document, signatures) => verifyDocument(document, signatures, keyring)
    expectTypeOf(wire).returns.toEqualTypeOf<Verifier>()
  })

  it('agree with the verification types', () => {
    expectTypeOf<z.infer<typeof SignatureVerdictRecord>>().toEqualTypeOf<SignatureVerdict>()
    expectTypeOf<z.infer<typeof DocumentVerificationRecord>>().toEqualTypeOf<DocumentVerification>()
  })
})
