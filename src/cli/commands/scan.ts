/**
 * `qsb scan DIR`: every signed file of a checkout (bulletins, canaries,
 * `fund/`, ISO digests, any file with signatures beside it), parsed and
 * verified, then whether a signed tag authenticates the checkout itself.
 */
import { digestsVerifier, tagVerifier } from '../../read/index.js'
import { type Acceptor, type CheckoutRecord, checkoutRecord, type ScanEntry, scanCheckout } from '../../secpack/index.js'
import { verifyDocument } from '../../verify/index.js'
import { errorText, loadAcceptor, reportAcceptor } from '../accept.js'
import { type KeyOptions, keyringFor } from '../keys.js'
import { clip, type Io, type OutputMode, printJson, safe, table } from '../output.js'
import { describeCheckout } from './tags.js'

/** Options of `qsb scan`. */
export interface ScanCommandOptions extends KeyOptions {
  mode: OutputMode
  /** `--accept FILE`. */
  accept?: string | undefined
  /** `--max-size BYTES`: largest file read. */
  maxSize?: number | undefined
}

/**
 * Run `qsb scan`.
 *
 * @param dir
 *   The checkout.
 * @param options
 *   Keys, accept file, size limit and output mode.
 * @param io
 *   Where to write; a progress line goes to standard error on a terminal.
 * @returns
 *   Exit status: 0 when every document parses and every signed file is
 *   authentic (or its failures are accepted), and — in a git checkout — a
 *   good security-team tag on HEAD authenticates a clean tree; 1 otherwise.
 */
export async function runScan(dir: string, options: ScanCommandOptions, io: Io): Promise<number> {
  const entries: ScanEntry[] = []
  let checkout: CheckoutRecord
  let acceptFailed: boolean
  try {
    const acceptor = loadAcceptor(options.accept)
    const keyring = await keyringFor(dir, options, io)
    const policy = options.strict ? 'strict' : 'gnupg'
    const scan = scanCheckout(dir, {
      verify: (document, signatures) => verifyDocument(document, signatures, keyring, { policy }),
      verifyCleartext: digestsVerifier(keyring, { policy }),
      maxSize: options.maxSize ?? null,
    })
    for await (const found of scan) {
      const entry = accepted(found, acceptor)
      if (io.isTTY && options.mode === 'table') io.stderr(`\rscanning: ${entries.length + 1} files, now ${clip(safe(entry.file), 50).padEnd(50)}`)
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [entry])
      entries.push(entry)
    }
    checkout = await checkoutRecord(dir, entries, { verifyTag: tagVerifier(keyring, { policy }), onTag: (tag) => acceptor.tag(tag, tag.tag) })
    acceptFailed = reportAcceptor(acceptor, 'scan', io)
  } catch (error) {
    io.stderr(`qsb scan: ${errorText(error)}\n`)
    return 1
  }
  if (io.isTTY && options.mode === 'table') io.stderr(`\r${' '.repeat(72)}\r`)
  if (options.mode === 'ndjson') printJson(io, 'ndjson', [checkout])
  if (options.mode === 'json') printJson(io, 'json', [...entries, checkout])
  if (options.mode === 'table') io.stdout(`${scanTable(entries)}${describeCheckout(checkout)}${lastLine(entries, checkout)}`)
  if (checkout.head === null) {
    io.stderr(`qsb scan: note: ${safe(dir)} is not a git checkout, so this is the files' present state only; no signed tag can authenticate it, and \`qsb history\` needs the git history (a git clone of the secpack)\n`)
  }
  const checkoutFailed = checkout.head !== null && !checkout.authentic
  return entries.some(failed) || acceptFailed || checkoutFailed ? 1 : 0
}

/** The entry with the accept list applied to its signatures. */
function accepted(entry: ScanEntry, acceptor: Acceptor): ScanEntry {
  if (!entry.verification || acceptor.entries.length === 0) return entry
  const signatures = entry.verification.signatures.map((signature) => acceptor.signature(signature, signature.source))
  return { ...entry, verification: { ...entry.verification, signatures } }
}

/** Whether an entry fails the run: unreadable, unparsable, a document unsigned, a signature neither good nor accepted. */
function failed(entry: ScanEntry): boolean {
  if (entry.error) return true
  const signatures = entry.verification?.signatures ?? []
  if (signatures.length === 0) return (entry.kind === 'bulletin' || entry.kind === 'canary') && entry.verification !== null
  return signatures.some((signature) => signature.status !== 'good' && signature.status !== 'accepted')
}

function status(entry: ScanEntry): string {
  if (entry.error) return `error: ${entry.error.message}`
  if (entry.kind === 'template') return 'template (not a document)'
  const verification = entry.verification
  if (!verification || verification.signatures.length === 0) return entry.kind === 'digests' ? 'unsigned (vouches for nothing)' : 'unsigned'
  // Among bulletins, a signed file of another kind (a graph) is worth pointing out.
  const prefix = entry.kind === 'other' && /^(?:QSBs|canaries)\/[^/]+$/.test(entry.file) ? 'not a bulletin; ' : ''
  if (verification.authentic) return `${prefix}authentic`
  const problems = [...new Set(verification.signatures.filter((signature) => signature.status !== 'good').map((signature) => signature.status))]
  if (problems.every((problem) => problem === 'accepted')) return 'accepted (known failure)'
  return `NOT AUTHENTIC (${problems.join(', ')})`
}

function scanTable(entries: readonly ScanEntry[]): string {
  const folders = new Map<string, ScanEntry[]>()
  for (const entry of entries) {
    const folder = entry.file.includes('/') ? entry.file.slice(0, entry.file.lastIndexOf('/')) : '.'
    folders.set(folder, [...(folders.get(folder) ?? []), entry])
  }
  let text = ''
  for (const [folder, list] of folders) {
    const rows = list.map((entry) => [
      safe(entry.file.slice(entry.file.lastIndexOf('/') + 1)),
      entry.record ? String(entry.record.number).padStart(3, '0') : entry.digests?.release ? `R${entry.digests.release}` : '',
      entry.record?.date ?? '',
      clip(safe(entry.record?.title ?? (entry.record?.kind === 'canary' ? 'Qubes Canary' : describeDigests(entry))), 50),
      safe((entry.verification?.signatures ?? []).map((signature) => `${signature.signer ?? '?'}:${signature.status}`).join(' ')),
      clip(safe(status(entry)), 60),
    ])
    text += `\n${safe(folder)}/\n${table(['FILE', 'NO.', 'DATE', 'TITLE', 'SIGNATURES', 'STATUS'], rows).replace(/^(?=.)/gm, '  ')}`
  }
  const authentic = entries.filter((entry) => entry.verification?.authentic).length
  return `${text.slice(1)}${entries.length} files, ${authentic} authentic\n`
}

function describeDigests(entry: ScanEntry): string {
  if (!entry.digests) return ''
  return `${entry.digests.entries.length} digests${entry.digests.signed ? '' : ' (unsigned)'}`
}

/** In a word or two: `error`, `unsigned`, `accepted`, or the statuses that fail. */
function shortStatus(entry: ScanEntry): string {
  if (entry.error) return 'error'
  const failing = [...new Set((entry.verification?.signatures ?? []).filter((signature) => signature.status !== 'good').map((signature) => signature.status))]
  return failing.length === 0 ? 'unsigned' : failing.join(', ')
}

/** The last line: every file and tag that is not authentic, or that all are. */
function lastLine(entries: readonly ScanEntry[], checkout: CheckoutRecord): string {
  const named = entries
    .filter((entry) => !entry.verification?.authentic && (entry.error || entry.verification || entry.kind === 'digests'))
    .map((entry) => `${safe(entry.file)} (${shortStatus(entry)})`)
  for (const tag of checkout.tags) if (tag.status !== 'good') named.push(`tag ${safe(tag.tag)} (${tag.status})`)
  if (checkout.head !== null && !checkout.authentic) named.push(`the checkout (${checkout.tag ? 'files differ from HEAD' : 'no good security-team tag on HEAD'})`)
  if (named.length > 0) return `not authentic: ${named.join(', ')}\n`
  return checkout.head === null ? `all ${entries.length} files authentic; no tag authenticates the folder (not a git checkout)\n` : `all authentic: ${entries.length} files and the checkout\n`
}
