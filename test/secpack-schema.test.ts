/**
 * The `secpack/` room's contract: its JSON Schemas describe every field, the
 * zod schemas agree with the verification types others implement, and the
 * room's index exports what the package will re-export.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as z from 'zod'
import * as secpack from '../src/secpack/index.js'
import { historyJsonSchema, scanJsonSchema } from '../src/secpack/json-schema.js'
import type { DocumentVerificationRecord, SignatureVerdictRecord } from '../src/secpack/schema.js'
import type { DocumentVerification, SignatureVerdict, Verifier } from '../src/secpack/types.js'
import type { Keyring } from '../src/verify/keyring.js'
import { verifyDocument } from '../src/verify/verify.js'

function undocumented(schema: Record<string, unknown>): string[] {
  const missing: string[] = []
  const definitions = (schema as { $defs: Record<string, { properties?: Record<string, { description?: string; $ref?: string }> }> }).$defs
  for (const [type, definition] of Object.entries(definitions)) {
    for (const [field, property] of Object.entries(definition.properties ?? {})) {
      if (!property.description && !property.$ref) missing.push(`${type}.${field}`)
    }
  }
  return missing
}

describe('secpack schemas', () => {
  it('describe every field of history and scan entries', () => {
    expect(undocumented(historyJsonSchema())).toEqual([])
    expect(undocumented(scanJsonSchema())).toEqual([])
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

  it('are exported by the room index, with the functions', () => {
    expect(Object.keys(secpack).sort()).toEqual([
      'DocumentVerificationRecord',
      'EntryError',
      'HistoryEntry',
      'HistoryFailure',
      'HistoryRecord',
      'HistoryState',
      'OSV_SCHEMA_VERSION',
      'ScanEntry',
      'SecpackError',
      'SignatureVerdictRecord',
      'buildIndex',
      'checkoutBulletins',
      'compareTexts',
      'coveredXsas',
      'history',
      'historyJsonSchema',
      'indexCheckout',
      'isDocumentName',
      'kindOf',
      'matchRepost',
      'osvCheckout',
      'osvId',
      'scanCheckout',
      'scanJsonSchema',
      'signatureName',
      'simplifiedLog',
      'textDates',
      'toOsv',
    ])
  })
})
