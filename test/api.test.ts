/**
 * The public API: exactly these names from each entry point (`qubes-secpack`,
 * `qubes-secpack/parse`, `qubes-secpack/verify`, `qubes-secpack/schema`), from the source and from
 * both builds (`npm test` builds before it runs the tests).
 */
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as main from '../src/index.js'
import * as parse from '../src/parse.js'
import * as schema from '../src/schema.js'
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
  'CleartextError',
  'Keyring',
  'certifiedSigners',
  'describeKeys',
  'foldName',
  'hasCleartext',
  'hashName',
  'isTeamIdentity',
  'judgeHash',
  'limits',
  'normalizeFingerprint',
  'ownerNames',
  'qubesMasterKeyFingerprint',
  'readCleartext',
  'readKeyring',
  'releaseFor',
  'releaseOfUserId',
  'releaseSigners',
  'roleInKeyring',
  'roleOf',
  'roleOfUserId',
  'scanArmor',
  'sha1Cutoff',
  'splitTag',
  'verdictOf',
  'verifyCleartext',
  'verifyDocument',
  'verifyEmbedded',
  'verifyRepost',
  'verifySignature',
  'verifyTag',
]

/** `qubes-secpack`: everything, on Node (the two above, files, checkouts, schemas). */
const mainNames = [
  'Acceptor',
  'ArmorError',
  'CleartextError',
  'Keyring',
  'OSV_SCHEMA_VERSION',
  'SecpackError',
  'buildIndex',
  'buildTree',
  'certifiedSigners',
  'checkoutBulletins',
  'checkoutRecord',
  'compareTexts',
  'coveredXsas',
  'defaultMaxSize',
  'describeKeys',
  'detectFormat',
  'diagnostics',
  'digestsVerifier',
  'documentFolders',
  'documentName',
  'entryError',
  'findCves',
  'findSignatures',
  'findXsas',
  'foldName',
  'fromQsb',
  'groupSignatures',
  'hasCleartext',
  'hashFile',
  'hashName',
  'headingKey',
  'history',
  'indexCheckout',
  'inside',
  'isDocumentName',
  'isKnownHeading',
  'isSignatureName',
  'isTeamIdentity',
  'judgeHash',
  'kindOf',
  'limits',
  'loadKeyring',
  'locate',
  'matchIso',
  'matchRepost',
  'matchReposts',
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
  'readAcceptList',
  'readCleartext',
  'readDigestLines',
  'readDocuments',
  'readFailure',
  'readKeyring',
  'readLimits',
  'readRegularFile',
  'readTags',
  'releaseFor',
  'releaseOfUserId',
  'releaseSigners',
  'roleInKeyring',
  'roleOf',
  'roleOfUserId',
  'scanArmor',
  'scanCheckout',
  'sectionRole',
  'severityOf',
  'sha1Cutoff',
  'signatureName',
  'signerOf',
  'simplifiedLog',
  'splitTag',
  'tagVerifier',
  'textDates',
  'toFile',
  'toOsv',
  'toRecord',
  'tokenize',
  'unwrap',
  'verdictOf',
  'verifyCleartext',
  'verifyDocument',
  'verifyEmbedded',
  'verifyFile',
  'verifyFiles',
  'verifyInput',
  'verifyRepost',
  'verifySignature',
  'verifyTag',
  'walkFolder',
]

/** `qubes-secpack/schema`: the zod schemas and JSON Schemas of the records. */
const schemaNames = [
  'AcceptEntry',
  'AcceptList',
  'Acceptance',
  'Bulletin',
  'Canary',
  'ChangelogEntryRecord',
  'CheckoutRecord',
  'Diagnostic',
  'DigestEntry',
  'DigestsRecord',
  'DocumentVerificationRecord',
  'EntryError',
  'HistoryEntry',
  'HistoryFailure',
  'HistoryRecord',
  'HistoryState',
  'IsoMatch',
  'KeyRecord',
  'NextCanary',
  'Package',
  'Patch',
  'PointRecord',
  'PositionRecord',
  'QsbRecord',
  'Reference',
  'ScanEntry',
  'ScanSignature',
  'ScanVerification',
  'SectionRecord',
  'Signature',
  'SignatureStatus',
  'SignatureVerdictRecord',
  'Source',
  'Statement',
  'TagRecord',
  'Verdict',
  'Verification',
  'VerificationError',
  'Verified',
  'acceptJsonSchema',
  'digestJsonSchema',
  'historyJsonSchema',
  'keysJsonSchema',
  'recordJsonSchema',
  'scanJsonSchema',
  'tagsJsonSchema',
  'verificationJsonSchema',
]

const entries = [
  ['index', main, mainNames],
  ['parse', parse, parseNames],
  ['verify', verify, verifyNames],
  ['schema', schema, schemaNames],
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
