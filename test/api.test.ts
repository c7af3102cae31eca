/**
 * The public API: exactly these names, from the source and from both builds
 * (`npm test` builds before it runs the tests).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as api from '../src/index.js'

const names = [
  'ArmorError',
  'Bulletin',
  'Canary',
  'ChangelogEntryRecord',
  'Diagnostic',
  'DocumentVerificationRecord',
  'EntryError',
  'HistoryEntry',
  'HistoryFailure',
  'HistoryRecord',
  'HistoryState',
  'Keyring',
  'NextCanary',
  'OSV_SCHEMA_VERSION',
  'Package',
  'Patch',
  'PointRecord',
  'PositionRecord',
  'QsbRecord',
  'Reference',
  'ScanEntry',
  'SecpackError',
  'SectionRecord',
  'Signature',
  'SignatureStatus',
  'SignatureVerdictRecord',
  'Source',
  'Statement',
  'Verification',
  'buildIndex',
  'buildTree',
  'checkoutBulletins',
  'compareTexts',
  'coveredXsas',
  'defaultMaxSize',
  'detectFormat',
  'diagnostics',
  'findCves',
  'findSignatures',
  'findXsas',
  'foldName',
  'fromQsb',
  'hashName',
  'headingKey',
  'history',
  'historyJsonSchema',
  'indexCheckout',
  'isDocumentName',
  'isSignatureName',
  'isTeamIdentity',
  'judgeHash',
  'kindOf',
  'limits',
  'loadKeyring',
  'matchRepost',
  'normalizeFingerprint',
  'osvCheckout',
  'osvId',
  'ownerNames',
  'parse',
  'parseDate',
  'prettifyMessage',
  'qsbParse',
  'qsbRecord',
  'qubesMasterKeyFingerprint',
  'readDocuments',
  'readKeyring',
  'recordJsonSchema',
  'scanArmor',
  'scanCheckout',
  'scanJsonSchema',
  'sectionRole',
  'severityOf',
  'sha1Cutoff',
  'signatureName',
  'signerOf',
  'simplifiedLog',
  'textDates',
  'toFile',
  'toOsv',
  'toRecord',
  'tokenize',
  'unwrap',
  'verificationJsonSchema',
  'verifyDocument',
  'verifyEmbedded',
  'verifyFile',
  'verifyFiles',
  'verifyInput',
  'verifySignature',
]

const dist = resolve(import.meta.dirname, '../dist')

describe('public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual(names)
  })

  it.skipIf(!existsSync(resolve(dist, 'index.js')))('the ESM and CJS builds export the same names', async () => {
    const esm = (await import(pathToFileURL(resolve(dist, 'index.js')).href)) as Record<string, unknown>
    const cjs = createRequire(import.meta.url)(resolve(dist, 'index.cjs')) as Record<string, unknown>
    expect(Object.keys(esm).sort()).toEqual(names)
    expect(Object.keys(cjs).sort()).toEqual(names)
  })
})
