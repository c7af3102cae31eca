/**
 * Types of the `sources/` room: what a container unwraps to.
 */

/** The container a bulletin came in. */
export type Format = 'secpack' | 'markdown' | 'html' | 'email' | 'plain'

/**
 * `exact`: the recovered bytes are the publisher's (a signature over them can
 * be good); `lossy`: the text was damaged on the way (underlines, indentation,
 * quotes or line breaks lost), so only a lossy reading and a match against the
 * secpack make sense.
 */
export type Fidelity = 'exact' | 'lossy'

/** A point in the decoded input: 1-based line and column, 0-based offset (UTF-16 code units). */
export interface Place {
  line: number
  column: number
  offset: number
}

/** Where in the decoded input something came from, end exclusive. */
export interface Span {
  start: Place
  end: Place
}

/** The same range in the input's bytes, end exclusive. */
export interface ByteSpan {
  start: number
  end: number
}

/**
 * How the bytes under a span become the text: `identity` (they are the
 * text), `crlf` (CRLF line breaks stand for LF), `markdown` (a code block in a
 * list or quote: the container's prefixes and indentation go), `html` (tags
 * go, entities are decoded, `<br>` is a line break, CRLF is LF),
 * `quoted-printable` and `base64` (a MIME part's transfer encoding, then its
 * charset, then CRLF as LF; the text is `within` the decoded part), `mime`
 * (a whole message, where no part could be named: the text is in one of its
 * parts once MIME-decoded).
 */
export type Encoding = 'identity' | 'crlf' | 'markdown' | 'html' | 'quoted-printable' | 'base64' | 'mime'

/** The part of a container a text came from, whole: a code block with its fences, an element with its tags, a MIME part with its headers. */
export interface Part {
  /** What the part is, in the container's words: `file`, `lines`, `code block`, `element`, `MIME part`. */
  kind: 'file' | 'lines' | 'code block' | 'element' | 'MIME part'
  /** The part named for people: `<pre> (body > main > pre)`, `MIME part 2 (text/plain, qsb-901-2031.txt, quoted-printable)`. */
  name: string
  /** Where the whole part lies in the decoded input. */
  span: Span
  /** The same in input bytes, when known. */
  byteSpan?: ByteSpan | undefined
  /** For a message of an mbox: which message (1-based), and where it lies. */
  message?: { number: number; span: Span } | undefined
}

/** A signature that came in the same container as the bulletin. */
export interface EmbeddedSignature {
  /** Where it was embedded: `post.md:127`, `message.eml#attachment-2 (qsb-088-2023.txt.sig.simon)`. */
  source: string
  /** The signer as the container names it (`.sig.simon` → `simon`), or null when it names none. */
  signer: string | null
  /** The armored (or binary) signature exactly as found. */
  bytes: Uint8Array
}

/** What the container says about the bulletin, apart from its text. */
export interface Hints {
  /** Post or page title, or the mail's subject. */
  title?: string
  /** Date of the post or mail, `YYYY-MM-DD` when it reads as one, else as written. */
  date?: string
  /** The link the container gives for the bulletin (`**Source:**`, `Source:`), or where a post redirects. */
  url?: string
}

/** One bulletin or canary unwrapped from a container. */
export interface Unwrapped {
  /** The container it came in. */
  format: Format
  /** Whether `bytes` can be the publisher's bytes (see {@link Fidelity}). */
  fidelity: Fidelity
  /** The bulletin or canary text to parse (`bytes` decoded as UTF-8). */
  text: string
  /** The bytes to verify: what the secpack file would hold. Never includes text of the container. */
  bytes: Uint8Array
  /**
   * Other readings of the same text that the container leaves open, most
   * likely first: they differ from `bytes` only in blank lines at either end
   * (a post adds a blank line before its closing fence; mail adds one after its
   * greeting). Empty when the container is unambiguous or the text is lossy.
   * A verifier may try them in turn, and must then present the one that verified.
   */
  alternatives: Uint8Array[]
  /**
   * Where in the decoded input the text came from: the bytes under it, decoded
   * as `encoding` says, are the text (see the container's notes in `unwrap`).
   */
  span: Span
  /** The same in input bytes, when the input decodes cleanly and the text maps to one range. */
  byteSpan?: ByteSpan | undefined
  /** How the bytes under `span` decode to the text. */
  encoding: Encoding
  /** Where the text lies in the decoded content under `span`, when that holds more (a MIME part's body); UTF-16 offsets. */
  within?: { start: number; end: number } | undefined
  /** Where each of `alternatives` came from, in the same order. */
  alternativeSpans: Array<{ span: Span; byteSpan?: ByteSpan | undefined; within?: { start: number; end: number } | undefined }>
  /** The part of the container the text is in, whole. */
  part?: Part | undefined
  /**
   * What a reader of the container sees that differs from the text: text
   * the page hides, shown text inside the part that is not in the text. Each
   * names what and where.
   */
  warnings: string[]
  /** Other parts of the container that hold readable text (a mail's body beside an attached bulletin): not the text, so never covered by its signatures. */
  others: Part[]
  /** Signatures embedded in the same container, in order. */
  signatures: EmbeddedSignature[]
  /** What the container says about it. */
  hints: Hints
  /**
   * Set when the container holds no text at all but points elsewhere (a news
   * post whose front matter only redirects, `redirect_to`, or a page whose
   * `<meta http-equiv="refresh">` sends the reader elsewhere): where it points.
   * `text` and `bytes` are then empty and `fidelity` is `lossy`.
   */
  redirect?: string | undefined
}

/** Options of `detectFormat`. */
export interface DetectOptions {
  /** Name of the input: its extension breaks a tie when the bytes say only `plain`. */
  path?: string | null | undefined
}

/** Options of `unwrap`. */
export interface UnwrapOptions extends DetectOptions {
  /** The container, when known: skips detection. */
  format?: Format | null | undefined
  /** Largest input accepted, in bytes (default 32 MiB); larger inputs fail cleanly. */
  maxSize?: number | null | undefined
}
