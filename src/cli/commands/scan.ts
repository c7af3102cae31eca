/**
 * `qsb scan DIR`: every signed file of a checkout (bulletins, canaries,
 * `fund/`, ISO digests, any file with signatures beside it), parsed and
 * verified, then whether a signed tag authenticates the checkout itself.
 */
import { digestsVerifier, tagVerifier } from '../../read/index.js'
import { type CheckoutRecord, checkoutRecord, type ScanEntry, scanCheckout, SecpackError } from '../../secpack/index.js'
import { type Keyring, verdictOf, verifyDocument } from '../../verify/index.js'
import { type Accepting, errorText, loadAcceptor, reportAcceptor } from '../accept.js'
import { type Paint, paintFor } from '../colour.js'
import { splitError } from '../errors.js'
import { exitStatus } from '../exit.js'
import { type KeyOptions, keyringFor } from '../keys.js'
import { clip, type Io, missing, type OutputMode, printJson, safe, table } from '../output.js'
import { startProgress } from '../progress.js'
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
 *   Where to write; progress goes to standard error on a terminal.
 * @returns
 *   Exit status: 0 when every document parses and every signed file is
 *   authentic (or its failures are accepted), and — in a git checkout — a
 *   good security-team tag on HEAD authenticates a clean tree; 1 otherwise;
 *   2 when the folder cannot be scanned at all.
 */
export async function runScan(dir: string, options: ScanCommandOptions, io: Io): Promise<number> {
  const entries: ScanEntry[] = []
  let checkout: CheckoutRecord
  let acceptFailed: boolean
  let acceptor: Accepting
  try {
    acceptor = await loadAcceptor(options.accept)
  } catch (error) {
    io.stderr(`qsb scan: ${errorText(error)}\n`)
    return exitStatus.usage
  }
  let keyring: Keyring
  try {
    keyring = await keyringFor(dir, options, io, 'scan')
  } catch (error) {
    io.stderr(`qsb scan: cannot read keys: ${errorText(error)}\n`)
    return exitStatus.usage
  }
  const progress = await startProgress(io, `scanning ${safe(dir)}`)
  try {
    const policy = options.strict ? 'strict' : 'gnupg'
    const scan = scanCheckout(dir, {
      verify: (document, signatures) => verifyDocument(document, signatures, keyring, { policy }),
      verifyCleartext: digestsVerifier(keyring, { policy }),
      maxSize: options.maxSize ?? null,
    })
    for await (const found of scan) {
      const entry = accepted(found, acceptor)
      progress.update(`scanning: ${entries.length + 1} file${entries.length === 0 ? '' : 's'}, now ${clip(safe(entry.file), 50)}`)
      if (options.mode === 'ndjson') printJson(io, 'ndjson', [entry])
      entries.push(entry)
    }
    progress.update('checking the signed tags')
    checkout = await checkoutRecord(dir, entries, { verifyTag: tagVerifier(keyring, { policy }), onTag: (tag) => acceptor.tag(tag, tag.tag) })
    progress.done()
    acceptFailed = reportAcceptor(acceptor, 'scan', io)
  } catch (error) {
    progress.done()
    io.stderr(`qsb scan: ${errorText(error)}\n`)
    return error instanceof SecpackError ? exitStatus.usage : exitStatus.failed
  }
  if (options.mode === 'ndjson') printJson(io, 'ndjson', [checkout])
  if (options.mode === 'json') printJson(io, 'json', [...entries, checkout])
  if (options.mode === 'table') {
    const paint = paintFor(io)
    io.stdout(`${scanTable(entries, paint)}${describeCheckout(checkout)}${lastLine(entries, checkout, paint)}`)
  }
  if (checkout.head === null) {
    io.stderr(`qsb scan: note: ${safe(dir)} is not a git checkout, so this is the files' present state only; no signed tag can authenticate it, and \`qsb history\` needs the git history (a git clone of the secpack)\n`)
  }
  const checkoutFailed = checkout.head !== null && !checkout.authentic
  return entries.some(failed) || acceptFailed || checkoutFailed ? exitStatus.failed : exitStatus.ok
}

/** The entry with the accept list applied to its signatures. */
function accepted(entry: ScanEntry, acceptor: Accepting): ScanEntry {
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

type Tone = 'good' | 'warn' | 'bad' | 'plain'

/** The status of an entry, and how it is coloured: fine, not known, or wrong. */
function status(entry: ScanEntry): { text: string; tone: Tone } {
  if (entry.error) return { text: `error: ${splitError(entry.error, entry.file).reason}`, tone: 'bad' }
  if (entry.kind === 'template') return { text: 'template (not a document)', tone: 'plain' }
  const verification = entry.verification
  const document = entry.kind === 'bulletin' || entry.kind === 'canary'
  if (!verification || verification.signatures.length === 0) {
    return { text: entry.kind === 'digests' ? 'unsigned (vouches for nothing)' : 'unsigned', tone: document ? 'bad' : 'plain' }
  }
  // Among bulletins, a signed file of another kind (a graph) is worth pointing out.
  const prefix = entry.kind === 'other' && /^(?:QSBs|canaries)\/[^/]+$/.test(entry.file) ? 'not a bulletin; ' : ''
  if (verification.authentic) return { text: `${prefix}authentic`, tone: 'good' }
  const problems = [...new Set(verification.signatures.filter((signature) => signature.status !== 'good').map((signature) => signature.status))]
  if (problems.every((problem) => problem === 'accepted')) return { text: 'accepted (known failure)', tone: 'warn' }
  if (verdictOf(verification.signatures, null) === 'cannot-check') return { text: `${prefix}CANNOT CHECK (a key is missing)`, tone: 'warn' }
  return { text: `${prefix}NOT AUTHENTIC (${problems.join(', ')})`, tone: 'bad' }
}

/** The table, grouped by folder. */
function scanTable(entries: readonly ScanEntry[], paint: Paint): string {
  const folders = new Map<string, ScanEntry[]>()
  for (const entry of entries) {
    const folder = entry.file.includes('/') ? entry.file.slice(0, entry.file.lastIndexOf('/')) : '.'
    folders.set(folder, [...(folders.get(folder) ?? []), entry])
  }
  let text = ''
  for (const [folder, list] of folders) {
    const statuses = list.map(status)
    const rows = list.map((entry, index) => [
      safe(entry.file.slice(entry.file.lastIndexOf('/') + 1)),
      entry.record ? String(entry.record.number).padStart(3, '0') : entry.digests?.release ? `R${entry.digests.release}` : '',
      entry.record ? (entry.record.date ?? missing) : '',
      clip(safe(entry.record ? (entry.record.title ?? (entry.record.kind === 'canary' ? 'Qubes Canary' : missing)) : describeDigests(entry)), 50),
      safe((entry.verification?.signatures ?? []).map((signature) => `${signature.signer ?? '?'}:${signature.status}`).join(' ')),
      clip(safe(statuses[index]?.text ?? ''), 60),
    ])
    const colour = (cell: string, row: number, column: number): string => {
      if (row === -1) return paint.strong(cell)
      const tone = statuses[row]?.tone
      return column === 5 && tone && tone !== 'plain' ? paint[tone](cell) : cell
    }
    text += `\n${safe(folder)}/\n${table(['FILE', 'NO.', 'DATE', 'TITLE', 'SIGNATURES', 'STATUS'], rows, colour).replace(/^(?=.)/gm, '  ')}`
  }
  return `${text.slice(1)}${summary(entries, paint)}\n`
}

/** One line for the run: `127 files: 125 authentic, 1 template, 1 not signed`, failures in red. */
function summary(entries: readonly ScanEntry[], paint: Paint): string {
  const counts = new Map<string, number>()
  let failures = 0
  for (const entry of entries) {
    const { text, tone } = status(entry)
    const word = text.startsWith('error')
      ? 'failed'
      : text.startsWith('template')
        ? 'template'
        : text.includes('authentic') && tone === 'good'
          ? 'authentic'
          : text.startsWith('accepted')
            ? 'accepted'
            : text.includes('CANNOT CHECK')
              ? 'cannot check'
              : text.includes('NOT AUTHENTIC')
                ? 'not authentic'
                : tone === 'bad'
                  ? 'unsigned'
                  : 'not signed'
    if (failed(entry)) failures++
    counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  const order = ['authentic', 'accepted', 'not authentic', 'cannot check', 'unsigned', 'failed', 'template', 'not signed']
  const parts = order.filter((word) => counts.has(word)).map((word) => {
    const part = `${counts.get(word)} ${word}`
    return word === 'authentic' ? paint.good(part) : ['not authentic', 'unsigned', 'failed'].includes(word) ? paint.bad(part) : word === 'cannot check' || word === 'accepted' ? paint.warn(part) : part
  })
  const files = `${entries.length} file${entries.length === 1 ? '' : 's'}`
  return `${files}: ${parts.length > 0 ? parts.join(', ') : 'none'}${failures > 0 ? ` (${failures} fail${failures === 1 ? 's' : ''} the run)` : ''}`
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
function lastLine(entries: readonly ScanEntry[], checkout: CheckoutRecord, paint: Paint): string {
  const named = entries
    .filter((entry) => !entry.verification?.authentic && (entry.error || entry.verification || entry.kind === 'digests'))
    .map((entry) => `${safe(entry.file)} (${shortStatus(entry)})`)
  for (const tag of checkout.tags) if (tag.status !== 'good') named.push(`tag ${safe(tag.tag)} (${tag.status})`)
  if (checkout.head !== null && !checkout.authentic) named.push(`the checkout (${checkout.tag ? 'files differ from HEAD' : 'no good security-team tag on HEAD'})`)
  if (named.length > 0) return `${paint.bad('not authentic')}: ${named.join(', ')}\n`
  const signed = entries.filter((entry) => entry.verification?.authentic).length
  const files = `${signed} signed file${signed === 1 ? '' : 's'}`
  return checkout.head === null
    ? `${paint.good(`all ${files} authentic`)}; no tag authenticates the folder (not a git checkout)\n`
    : `${paint.good(`all authentic: ${files} and the checkout`)}\n`
}
