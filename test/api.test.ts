/**
 * The public API: exactly these names from each entry point (`qubes-secpack`,
 * `qubes-secpack/parse`, `qubes-secpack/verify`), from the source and from
 * both builds (`npm test` builds before it runs the tests).
 */
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as main from '../src/index.js'
import * as parse from '../src/parse.js'
import * as verify from '../src/verify.js'
import { build, itWith } from './helpers/needs.js'

/** `qubes-secpack/parse`: browser-safe parsing. */
const parseNames = [
  'buildTree',
  'defaultMaxSize',
  'detectFormat',
  'diagnostics',
  'documentFolders',
  'documentName',
  'findCves',
  'findXsas',
  'fromQsb',
  'groupSignatures',
  'headingKey',
  'isDocumentName',
  'isKnownHeading',
  'isSignatureName',
  'kindOf',
  'locate',
  'messageSource',
  'parse',
  'parseDate',
  'prettifyMessage',
  'qsbParse',
  'qsbRecord',
  'readDocuments',
  'sectionRole',
  'severityOf',
  'signatureName',
  'signerOf',
  'toFile',
  'toRecord',
  'tokenize',
  'unwrap',
]

/** `qubes-secpack/verify`: browser-safe verification. */
const verifyNames = [
  'ArmorError',
  'Keyring',
  'foldName',
  'hashName',
  'isTeamIdentity',
  'judgeHash',
  'limits',
  'normalizeFingerprint',
  'ownerNames',
  'qubesMasterKeyFingerprint',
  'readKeyring',
  'scanArmor',
  'sha1Cutoff',
  'verdictOf',
  'verifyDocument',
  'verifyEmbedded',
  'verifyRepost',
  'verifySignature',
]

/** `qubes-secpack`: everything, on Node (the two above, files, checkouts, schemas). */
const mainNames = [
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
  'Verdict',
  'Verification',
  'VerificationError',
  'buildIndex',
  'buildTree',
  'checkoutBulletins',
  'compareTexts',
  'coveredXsas',
  'defaultMaxSize',
  'detectFormat',
  'diagnostics',
  'documentFolders',
  'documentName',
  'entryError',
  'findCves',
  'findSignatures',
  'findXsas',
  'foldName',
  'fromQsb',
  'groupSignatures',
  'hashName',
  'headingKey',
  'history',
  'historyJsonSchema',
  'indexCheckout',
  'isDocumentName',
  'isKnownHeading',
  'isSignatureName',
  'isTeamIdentity',
  'judgeHash',
  'kindOf',
  'limits',
  'loadKeyring',
  'locate',
  'matchRepost',
  'messageSource',
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
  'readFailure',
  'readKeyring',
  'readLimits',
  'readRegularFile',
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
  'verdictOf',
  'verificationJsonSchema',
  'verifyDocument',
  'verifyEmbedded',
  'verifyFile',
  'verifyFiles',
  'verifyInput',
  'verifyRepost',
  'verifySignature',
]

const entries = [
  ['index', main, mainNames],
  ['parse', parse, parseNames],
  ['verify', verify, verifyNames],
] as const

const dist = resolve(import.meta.dirname, '../dist')

describe('public API', () => {
  it.each(entries)('%s exports exactly the documented names', (_, module, names) => {
    expect(Object.keys(module).sort()).toEqual(names)
  })

  it('the whole package holds both browser-safe entries', () => {
    expect(mainNames).toEqual(expect.arrayContaining([...parseNames, ...verifyNames]))
  })

  itWith([build], 'the ESM and CJS builds of each entry export the same names', async () => {
    for (const [name, , names] of entries) {
      const esm = (await import(pathToFileURL(resolve(dist, `${name}.js`)).href)) as Record<string, unknown>
      const cjs = createRequire(import.meta.url)(resolve(dist, `${name}.cjs`)) as Record<string, unknown>
      expect(Object.keys(esm).sort(), name).toEqual(names)
      expect(Object.keys(cjs).sort(), name).toEqual(names)
    }
  })
})
