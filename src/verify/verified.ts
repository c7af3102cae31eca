/**
 * The `verified` part of a verification: for a document read from a
 * container, exactly which bytes of the input were verified, how they decode
 * to the document, which part of the container they are, and what a reader
 * of the container sees that they are not. A zod schema, its type inferred.
 */
import * as z from 'zod'

export const Place = z
  .object({
    line: z.int().positive().meta({ description: 'Line, 1-based.' }),
    column: z.int().positive().meta({ description: 'Column, 1-based.' }),
    offset: z.int().nonnegative().meta({ description: 'Offset, 0-based, in UTF-16 code units.' }),
  })
  .meta({ id: 'Place', description: 'A place in the decoded input.' })

const Span = z.object({ start: Place, end: Place })
const ByteSpan = z.object({ start: z.int().nonnegative(), end: z.int().nonnegative() })

const Part = z
  .object({
    kind: z.enum(['file', 'lines', 'code block', 'element', 'MIME part']).meta({ description: 'What the part is.' }),
    name: z.string().meta({
      description: 'The part named for people: `<pre> (body > main > pre)`, `MIME part 2 (text/plain, qsb-088-2023.txt, quoted-printable)`.',
    }),
    span: Span.meta({ description: 'Where the whole part lies in the decoded input (fences, tags, MIME headers included).' }),
    byteSpan: ByteSpan.nullable().meta({ description: 'The same in the input’s bytes, when known.' }),
    message: z
      .object({ number: z.int().positive(), span: Span })
      .nullable()
      .meta({ description: 'For a message of an mbox: which message (1-based) and where it lies.' }),
  })
  .meta({ id: 'Part', description: 'A part of a container, whole.' })

export const Verified = z
  .object({
    format: z.string().meta({ description: 'The container the document came in (`markdown`, `html`, `email`, `plain`).' }),
    fidelity: z.enum(['exact', 'lossy']).meta({ description: '`lossy` when the text was damaged on the way.' }),
    span: Span.meta({
      description: 'Where in the (decoded) input the verified bytes came from, end exclusive: the bytes under it, decoded as `encoding` says, are the verified bytes (or hold them at `within`).',
    }),
    byteSpan: ByteSpan.nullable().meta({ description: 'The same in the input’s bytes, when it maps to one range.' }),
    reading: z.int().nonnegative().meta({
      description: 'Which reading verified: 0 the recovered bytes, n the n-th alternative (blank lines at the edges differ).',
    }),
    encoding: z.enum(['identity', 'crlf', 'markdown', 'html', 'quoted-printable', 'base64', 'mime', 'cleartext']).meta({
      description:
        'How the bytes under `span` decode to the verified bytes: `identity`; `crlf` (CRLF stands for LF); `markdown` (a code block in a list or quote loses its prefixes); `html` (tags go, entities are decoded, `<br>` is a line break); `quoted-printable`, `base64` (a MIME part: transfer encoding, charset, CRLF as LF); `mime` (a whole message where no part could be named: the verified text is in one of its parts); `cleartext` (the signed lines of a cleartext-signed message: dash-escaping undone, trailing whitespace not covered, lines ended by CR LF when hashed, RFC 9580 §7).',
    }),
    within: z
      .object({ start: z.int().nonnegative(), end: z.int().nonnegative() })
      .nullable()
      .meta({ description: 'Where the verified text lies in the decoded content under `span`, when that holds more (a MIME part’s body); UTF-16 offsets.' }),
    part: Part.nullable().meta({ description: 'The part of the container the verified bytes are in: the code block, the element, the MIME part.' }),
    firstLine: z.string().meta({ description: 'The first non-blank line of the verified text, as written.' }),
    lastLine: z.string().meta({ description: 'The last non-blank line of the verified text, as written.' }),
    warnings: z.array(z.string()).meta({
      description:
        'What a reader of the container sees that is not what was verified: verified text the page hides, shown text inside the verified element that is not in the verified bytes. Each names what and where.',
    }),
    unsigned: z.array(Part).meta({
      description: 'Other parts of the container with readable text (a mail’s body beside an attached bulletin): not covered by the signatures.',
    }),
    traced: z
      .object({
        document: z.string().meta({ description: 'The signed document (`QSBs/qsb-088-2023.txt`, or the file beside the signature files given).' }),
        commit: z.string().nullable().meta({ description: 'The commit of the signed revision, when traced through the git history.' }),
        noise: z.array(z.string()).meta({ description: 'The noise the copy differs by, beyond whitespace and blank lines (`signoff-url`, `site-text`).' }),
        command: z.string().meta({ description: 'The command that shows the comparison (`qsb match --secpack DIR FILE`).' }),
      })
      .nullable()
      .meta({
        description:
          'When the bytes are not what was signed but the copy’s text is faithful to a signed revision (it differs only in noise, see docs/guides/repost.md): where that revision is. The verdict is unchanged: the bytes are never altered to make a signature pass.',
      }),
  })
  .meta({
    id: 'Verified',
    description: 'For a document read from a container (post, page, mail, paste): which part of the input was verified. Nothing outside it is ever presented as signed.',
  })
export type Verified = z.infer<typeof Verified>
