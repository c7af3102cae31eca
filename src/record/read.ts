/**
 * `readDocuments`: any input — a secpack file, a news post, a web page, a
 * mail or mailbox, a scrape — in; a record for each bulletin or canary it
 * carries out, together with what `sources/` unwrapped (the bytes to verify,
 * the embedded signatures, where in the input they came from).
 */
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { readPostFrontMatter } from '../sources/markdown.js'
import { unwrap } from '../sources/unwrap.js'
import type { Format, Unwrapped } from '../sources/types.js'
import { fromQsb } from '../text/parse.js'
import { QsbRecord } from './schema.js'
import { toRecord } from './to-record.js'

/** Options of {@link readDocuments}. */
export interface ReadOptions {
  /** Path of the input: for messages, the file-name checks, and breaking detection ties. */
  path?: string | null | undefined
  /** The record's `file` field (default: `path`). */
  file?: string | null | undefined
  /** The container, when known (skips detection). */
  format?: Format | null | undefined
  /**
   * Called with the fatal message of each document of a container that is not
   * usable (a draft template mailed with a bulletin) while the others are read.
   */
  onError?: ((error: VFileMessage) => void) | null | undefined
}

/** One bulletin or canary read from an input. */
export interface ReadDocument {
  /** The record (its `source` says the container and fidelity). */
  record: QsbRecord
  /** What the container held: exact bytes, alternatives, embedded signatures, spans, hints. */
  unwrapped: Unwrapped
}

/**
 * Read every bulletin and canary an input carries.
 *
 * @param input
 *   Bytes as read, or text.
 * @param options
 *   Configuration (optional).
 * @returns
 *   A promise for the usable documents, in input order (an unusable one among
 *   them goes to `onError`). Rejects with a fatal `VFileMessage` naming the
 *   input and place when it holds no usable document.
 *
 * @example
 *   const [{ record, unwrapped }] = await readDocuments(readFileSync('post.md'), { path: 'post.md' })
 *   record.source // { format: 'markdown', fidelity: 'exact' }
 */
export async function readDocuments(input: Uint8Array | string, options?: Readonly<ReadOptions> | null): Promise<ReadDocument[]> {
  const path = options?.path ?? null
  let found: Unwrapped[]
  try {
    found = await unwrap(input, { path, format: options?.format ?? null })
  } catch (error) {
    if (error instanceof VFileMessage && error.ruleId === 'redirect') {
      const stub = redirectRecord(input, path, options?.file !== undefined ? options.file : path, error)
      if (stub) return [stub]
    }
    throw error
  }
  const documents: ReadDocument[] = []
  const failures: VFileMessage[] = []
  for (const [index, unwrapped] of found.entries()) {
    // A secpack file is its own document; inside a container, name the document by its place.
    const name = path && found.length > 1 ? `${path}#${index + 1}` : path
    const file = new VFile({ value: unwrapped.text, ...(name ? { path: unwrapped.format === 'secpack' ? path : name } : {}) })
    try {
      const tree = fromQsb(file, { lossy: unwrapped.fidelity === 'lossy' })
      const record = toRecord(tree, file, {
        file: options?.file !== undefined ? options.file : path,
        source: { format: unwrapped.format, fidelity: unwrapped.fidelity },
      })
      documents.push({ record, unwrapped })
    } catch (error) {
      if (!(error instanceof VFileMessage)) throw error
      failures.push(error)
    }
  }
  if (documents.length === 0 && failures[0]) throw failures[0]
  for (const failure of failures) options?.onError?.(failure)
  return documents
}

const postTitle = /^(?:QSB[- ]?#?(\d{1,4})|Qubes Security Bulletin #?(\d{1,4})|Qubes Canary #?(\d{1,4}))(?::\s*(.+))?$/i

/**
 * A post that only redirects holds no bulletin text; what its front matter
 * says (kind, number, date, title) is still read, into a record marked lossy
 * whose diagnostics say where the text is. Nothing else is filled in.
 */
function redirectRecord(
  input: Uint8Array | string,
  path: string | null,
  file: string | null,
  error: VFileMessage,
): ReadDocument | undefined {
  const front = readPostFrontMatter(input, path)
  const match = postTitle.exec(front.hints.title?.trim() ?? '')
  if (!match) return undefined
  const number = Number(match[1] ?? match[2] ?? match[3])
  const kind = match[3] ? 'canary' : 'bulletin'
  const date = front.hints.date && /^\d{4}-\d{2}-\d{2}$/.test(front.hints.date) ? front.hints.date : null
  const diagnostic = {
    severity: 'warning' as const,
    message: `No ${kind} text: the post only redirects to ${front.redirect ?? 'another page'}; only its front matter was read`,
    ruleId: 'redirect',
    line: error.line ?? 1,
    column: error.column ?? 1,
    endLine: null,
    endColumn: null,
  }
  const common = {
    file,
    number,
    date,
    title: kind === 'bulletin' ? (match[4] ?? null) : null,
    sections: [],
    source: { format: 'markdown' as const, fidelity: 'lossy' as const },
    diagnostics: [diagnostic],
  }
  const record: QsbRecord =
    kind === 'canary'
      ? { ...common, kind, statements: [], bulletinCount: null, masterKeyFingerprint: null, nextCanary: null, specialAnnouncements: [], proofOfFreshness: null }
      : { ...common, kind, xsas: [], cves: [], patches: [], userActionRequired: null, changelog: [], references: [], credits: [] }
  const origin = { line: 1, column: 1, offset: 0 }
  const unwrapped: Unwrapped = {
    format: 'markdown',
    fidelity: 'lossy',
    text: '',
    bytes: new Uint8Array(),
    alternatives: [],
    span: { start: origin, end: origin },
    signatures: [],
    hints: { ...front.hints, ...(front.redirect ? { url: front.redirect } : {}) },
  }
  return { record: QsbRecord.parse(record), unwrapped }
}
