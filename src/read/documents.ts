/**
 * `readDocuments`: any input — a secpack file, a news post, a web page, a
 * mail or mailbox, a scrape — in; a record for each bulletin or canary it
 * carries out, together with what `sources/` unwrapped (the bytes to verify,
 * the embedded signatures, where in the input they came from).
 */
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import type { Diagnostic, QsbRecord } from '../record/index.js'
import { toRecord } from '../record/index.js'
import { type Format, type Unwrapped, unwrap } from '../sources/index.js'
import { fromQsb, messageSource } from '../text/index.js'

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
  const found = await unwrap(input, { path, format: options?.format ?? null })
  const documents: ReadDocument[] = []
  const failures: VFileMessage[] = []
  for (const [index, unwrapped] of found.entries()) {
    if (unwrapped.redirect !== undefined) {
      const stub = redirectRecord(unwrapped, options?.file !== undefined ? options.file : path)
      if (stub) documents.push({ record: stub, unwrapped })
      else failures.push(redirectFailure(unwrapped, path))
      continue
    }
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

/** Why a post that only redirects gives no record: its title does not say what it is about. */
function redirectFailure(unwrapped: Unwrapped, path: string | null): VFileMessage {
  const file = new VFile(path ? { path } : {})
  const reason = `No bulletin text: this post only redirects to ${unwrapped.redirect ?? 'another page'}, and its title names no bulletin or canary`
  const message = file.message(reason, { place: unwrapped.span.start, ruleId: 'redirect', source: messageSource })
  message.fatal = true
  return message
}

/**
 * A post that only redirects holds no bulletin text; what its front matter
 * says (kind, number, date, title) is still read, into a record marked lossy
 * whose diagnostics say where the text is. Nothing else is filled in.
 */
function redirectRecord(unwrapped: Unwrapped, file: string | null): QsbRecord | undefined {
  const match = postTitle.exec(unwrapped.hints.title?.trim() ?? '')
  if (!match) return undefined
  const number = Number(match[1] ?? match[2] ?? match[3])
  const kind = match[3] ? 'canary' : 'bulletin'
  const date = unwrapped.hints.date && /^\d{4}-\d{2}-\d{2}$/.test(unwrapped.hints.date) ? unwrapped.hints.date : null
  const diagnostic: Diagnostic = {
    severity: 'warning',
    message: `No ${kind} text: the post only redirects to ${unwrapped.redirect ?? 'another page'}; only its front matter was read`,
    ruleId: 'redirect',
    line: unwrapped.span.start.line,
    column: unwrapped.span.start.column,
    endLine: null,
    endColumn: null,
  }
  const common = {
    file,
    number,
    date,
    title: kind === 'bulletin' ? (match[4] ?? null) : null,
    sections: [],
    source: { format: unwrapped.format, fidelity: 'lossy' as const },
    diagnostics: [diagnostic],
  }
  return kind === 'canary'
    ? { ...common, kind, statements: [], bulletinCount: null, masterKeyFingerprint: null, nextCanary: null, specialAnnouncements: [], proofOfFreshness: null }
    : { ...common, kind, xsas: [], cves: [], patches: [], userActionRequired: null, changelog: [], references: [], credits: [] }
}
