/**
 * For `qsb verify`: when a repost's bytes are not what was signed, whether
 * its text is nonetheless faithful to a signed revision — the one `qsb match`
 * would find. The bytes are never changed to make a signature pass: the
 * verdict stays what it is, and the record says where the faithful signed
 * text is and which command shows the comparison.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { signatureName, signerOf } from '../../names/secpack.js'
import { readDocuments } from '../../read/index.js'
import { readLimits, readRegularFile } from '../../read/node/index.js'
import { compareTexts, matchReposts, type Repost, type Verifier } from '../../secpack/index.js'
import type { Verification } from '../../verify/index.js'

/** Where a copy's faithful signed text is, as `verified.traced` says it. */
type Traced = NonNullable<NonNullable<Verification['verified']>['traced']>

/** A failed repost to trace: its verification (to fill in), its name, and its bytes. */
export interface Failed {
  result: Verification
  file: string
  bytes: Uint8Array
}


/**
 * Trace failed reposts to a faithful signed text: through the git history of
 * a checkout when there is one (as `qsb match` does, one walk for all), else
 * to the document beside the signature files given.
 *
 * @param failed
 *   The failed reposts.
 * @param options
 *   The checkout (or none), the signature files given, and a verifier.
 */
export async function traceFailed(
  failed: readonly Failed[],
  options: { checkout: string | undefined; signatures: readonly string[]; verify: Verifier },
): Promise<void> {
  const reposts: { failed: Failed; repost: Repost }[] = []
  for (const entry of failed) {
    const documents = await readDocuments(entry.bytes, { path: entry.file === '-' ? null : entry.file, file: entry.file }).catch(() => [])
    // A mailbox gives `NAME#n` records: trace the n-th document.
    const index = Number(/#(\d+)$/.exec(entry.result.file ?? '')?.[1] ?? 1) - 1
    const document = documents[index]
    if (document) reposts.push({ failed: entry, repost: { file: entry.file, record: document.record, text: document.unwrapped.text } })
  }
  if (reposts.length === 0) return
  const { checkout } = options
  if (checkout && existsSync(join(checkout, '.git'))) {
    const matches = await matchReposts(checkout, reposts.map((entry) => entry.repost), { verify: options.verify })
    matches.forEach((match, index) => {
      const entry = reposts[index] as (typeof reposts)[number]
      if (match.error || match.substance || !match.revision?.signed || !match.document) return
      const noise = match.differences.map((difference) => difference.line ?? 'noise')
      setTraced(entry.failed, { document: match.document, commit: match.revision.commit, noise, command: `qsb match --secpack ${checkout} ${entry.failed.file}` })
    })
    return
  }
  const document = besideSignatures(options.signatures)
  if (!document) return
  const signatures = options.signatures.map((path) => {
    const read = readRegularFile(path, readLimits.signature)
    return { source: path, signer: signerOf(path), bytes: 'failure' in read ? new Uint8Array() : read.bytes }
  })
  const verdict = await options.verify(document.bytes, signatures)
  if (!verdict.authentic) return
  const text = new TextDecoder().decode(document.bytes)
  for (const { failed: entry, repost } of reposts) {
    const comparison = await compareTexts(text, repost.text)
    if (comparison.substantiveWords > 0) continue
    const noise = comparison.differences.map((difference) => difference.line ?? 'noise')
    // `qsb match` needs a git clone of the secpack, and there is none here (a clone went through the history above).
    const command = `qsb match --secpack DIR ${entry.file}`
    setTraced(entry, { document: document.path, commit: null, noise, command })
  }
}

function setTraced(failed: Failed, traced: Traced): void {
  if (failed.result.verified) failed.result.verified = { ...failed.result.verified, traced }
}

/** The document the given signature files sign, when they all name the same one and it is there. */
function besideSignatures(paths: readonly string[]): { path: string; bytes: Uint8Array } | undefined {
  const documents = new Set(paths.map((path) => join(dirname(path), signatureName(basename(path))?.document ?? '')))
  const [path] = documents
  if (documents.size !== 1 || !path) return undefined
  const read = readRegularFile(path, readLimits.document)
  return 'failure' in read ? undefined : { path, bytes: read.bytes }
}
