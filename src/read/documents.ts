/**
 * `readDocuments`: any input — a secpack file, a news post, a web page, a
 * mail or mailbox, a scrape — in; a record for each bulletin or canary it
 * carries out, together with what `sources/` unwrapped (the bytes to verify,
 * the embedded signatures, where in the input they came from).
 *
 * A repost that carries only part of a document (an update announcement that
 * quotes what changed, a stub with a title, a post that only redirects) gives
 * a record marked `source.partial`, holding what is there. Where the
 * container and the text disagree about which document it is (a post titled
 * canary 026 that carries the signed text of canary 025), the record follows
 * the text and a `number-mismatch` warning names the disagreement.
 */
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { documentName } from '../names/secpack.js'
import type { Diagnostic, QsbRecord } from '../record/index.js'
import { findCves, findXsas, toRecord } from '../record/index.js'
import { type Format, type Unwrapped, unwrap } from '../sources/index.js'
import { type Announcement, announcementOf, type Banner, fromQsb, messageSource, warn } from '../text/index.js'

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
      const named = tree.children.find((node): node is Banner | Announcement => node.type === 'banner' || node.type === 'announcement')
      const partial = named?.type === 'announcement'
      if (named) checkNumber(named, unwrapped, path, file)
      const record = toRecord(tree, file, {
        file: options?.file !== undefined ? options.file : path,
        source: { format: unwrapped.format, fidelity: unwrapped.fidelity, partial },
      })
      // A stub or announcement of publication is dated by its post; an update's post is not the bulletin's date.
      if (partial && record.date === null && named?.type === 'announcement' && named.action !== 'updated') record.date = postDate(unwrapped)
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

/** The post's date, when the container gives one as `YYYY-MM-DD`. */
function postDate(unwrapped: Unwrapped): string | null {
  const date = unwrapped.hints.date
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null
}

/**
 * Compare the document the text names with the one its container names (the
 * post's title, the `Source:` link, the post's file name); warn on the text's
 * banner where they differ. The record keeps the text's number: that is what
 * was signed.
 */
function checkNumber(named: Banner | Announcement, unwrapped: Unwrapped, path: string | null, file: VFile): void {
  const number = Number.parseInt(named.number, 10)
  if (!Number.isFinite(number)) return
  const claims: string[] = []
  // A page's title often ends in its site's name (`Qubes Canary 026 | Qubes OS`).
  const title = unwrapped.hints.title ? announcementOf(unwrapped.hints.title.trim().replace(/\s+[|·]\s+[^|·]*$/, '')) : null
  if (title) claims.push(...claim(title.kind, Number(title.number), `its title \`${unwrapped.hints.title?.trim()}\``))
  const linked = unwrapped.hints.url && unwrapped.redirect === undefined ? documentName(unwrapped.hints.url) : null
  if (linked) claims.push(...claim(linked.kind, linked.number, `its link \`${unwrapped.hints.url}\``))
  const slug = path && unwrapped.format !== 'secpack' ? /(?:^|[-_/\\])(qsb|canary)-?0*(\d{1,4})(?=[-_.]|$)/i.exec(path) : null
  if (slug) claims.push(...claim(/^qsb$/i.test(slug[1] as string) ? 'bulletin' : 'canary', Number(slug[2]), `its file name \`${path}\``))

  function claim(kind: string, claimed: number, where: string): string[] {
    return kind !== named.kind || claimed !== number ? [`${kind} ${claimed} (${where})`] : []
  }
  if (claims.length === 0) return
  const reason = `Unexpected ${named.kind} ${number} in the text: the page says ${claims.join(' and ')}; the record follows the text`
  warn(file, reason, named, 'number-mismatch')
}

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
  const named = announcementOf(unwrapped.hints.title?.trim() ?? '')
  if (!named) return undefined
  const number = Number(named.number)
  const kind = named.kind
  const date = postDate(unwrapped)
  const title = named.title ?? ''
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
    title: kind === 'bulletin' ? named.title : null,
    sections: [],
    source: { format: unwrapped.format, fidelity: 'lossy' as const, partial: true },
    diagnostics: [diagnostic],
  }
  return kind === 'canary'
    ? { ...common, kind, statements: [], bulletinCount: null, masterKeyFingerprint: null, nextCanary: null, specialAnnouncements: [], proofOfFreshness: null }
    : {
        ...common,
        kind,
        xsas: findXsas(title),
        cves: findCves(title),
        patches: [],
        userActionRequired: null,
        userActions: [],
        changelog: [],
        references: [],
        credits: [],
      }
}
