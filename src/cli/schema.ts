/**
 * The records every command prints with `--json` (one array of them) and
 * `--ndjson` (one a line), as zod schemas, and their JSON Schemas shipped in
 * `docs/` (`qubes-secpack/schemas/NAME.json`). The library's own record
 * schemas are reused; what only the command prints (a parse failure, a match,
 * the index, lint results) is described here. Every `error` has one shape:
 * `{ message, ruleId, line, column }`.
 *
 * Loaded by the tests and the schema generator only: no command imports it,
 * so `qsb` never loads zod to print.
 */
import * as z from 'zod'
import { QsbRecord } from '../record/schema.js'
import { IsoMatch, KeyRecord } from '../secpack/checkout-schema.js'
import { ScanOutput, TagsOutput } from '../secpack/json-schema.js'
import { EntryError, HistoryEntry, HistoryState, SignatureVerdictRecord } from '../secpack/schema.js'
import { Verification } from '../verify/schema.js'

const objectId = z.string().regex(/^[0-9a-f]{40}$/)

export const ParseFailure = z
  .object({
    file: z.string().meta({ description: 'The input as given (`-` for standard input).' }),
    error: EntryError,
  })
  .meta({ id: 'ParseFailure', description: 'An input, or a document in it, that could not be read into a record; the batch goes on.' })

export const ParseEntry = z
  .union([QsbRecord, ParseFailure])
  .meta({ id: 'ParseEntry', description: '`qsb parse`: a record, or the failure that took its place.' })

const Line = z
  .object({
    line: z.int().positive().meta({ description: 'Line where the words start, 1-based.' }),
    text: z.string().meta({ description: 'The words.' }),
  })
  .meta({ id: 'MatchLine', description: 'Words of one side of a difference, and where they start.' })

export const Difference = z
  .object({
    kind: z.enum(['changed', 'removed', 'added', 'noise']).meta({
      description:
        '`changed`, `removed`, `added`: words of the revision the copy changed, dropped or added (substance); `noise`: words a copy may lose or add without ceasing to be faithful (`line` says which).',
    }),
    line: z.enum(['heading', 'date', 'short-line', 'signoff-url', 'site-text']).optional().meta({
      description:
        'What the words were, when they are whole lines of one kind: a `heading`, the `date` line, a `short-line` (the last words of a paragraph), the `signoff-url` under the team’s name, or `site-text` around the bulletin.',
    }),
    substance: z.boolean().meta({ description: 'Whether this difference changes what the text says (every kind but `noise`).' }),
    revision: Line.nullable().meta({ description: 'The revision’s side, or null.' }),
    repost: Line.nullable().meta({ description: 'The copy’s side, or null.' }),
  })
  .meta({ id: 'Difference', description: 'One difference between the revision and the repost.' })

export const MatchedRevision = z
  .object({
    commit: objectId.meta({ description: 'Full id of the commit whose text the repost was made from.' }),
    date: z.iso.datetime().meta({ description: 'Commit date, ISO 8601 in UTC.' }),
    subject: z.string().meta({ description: 'First line of the commit message.' }),
    blob: objectId.meta({ description: 'Git blob id of the document’s text at that commit.' }),
    signed: z.boolean().meta({ description: 'Whether some commit with this exact text has all its signatures good.' }),
    state: HistoryState,
    signatures: z.array(SignatureVerdictRecord).meta({ description: 'The signatures at that commit, verified against its text.' }),
  })
  .meta({ id: 'MatchedRevision', description: 'The secpack revision a repost was traced to.' })

export const Match = z
  .object({
    file: z.string().meta({ description: 'The repost as given.' }),
    document: z.string().nullable().meta({ description: 'The secpack document (`QSBs/qsb-100-2024.txt`), or null.' }),
    revision: MatchedRevision.nullable().meta({ description: 'The revision it came from, or null when none was found.' }),
    differences: z.array(Difference).meta({ description: 'Every difference between the revision and the repost, in revision order.' }),
    substance: z.boolean().meta({ description: 'Whether any difference is of substance (then the repost does not say what was signed).' }),
    record: QsbRecord.nullable().meta({ description: 'The record of the revision’s own text, or null.' }),
    diagnostics: z
      .array(
        z
          .object({
            ruleId: z.string().meta({ description: 'What kind of remark (e.g. a number in the copy that is not the document’s).' }),
            message: z.string().meta({ description: 'The remark, in words.' }),
          })
          .meta({ id: 'MatchNote', description: 'A remark on a match.' }),
      )
      .meta({ description: 'Remarks: a number in the copy (banner, title) that is not the document’s.' }),
    redirect: z.string().nullable().meta({ description: 'Where a post that holds no bulletin text points; null otherwise.' }),
    error: EntryError.nullable().meta({ description: 'Why there is no match, or null.' }),
  })
  .meta({ id: 'Match', description: '`qsb match`: a repost traced to the secpack revision it was made from.' })

const IndexBulletin = z
  .object({
    number: z.int().nonnegative().meta({ description: 'The bulletin’s number.' }),
    date: z.iso.date().nullable().meta({ description: 'Its date, `YYYY-MM-DD`, or null.' }),
    title: z.string().nullable().meta({ description: 'Its title, or null.' }),
    file: z.string().nullable().meta({ description: 'Its file, relative to the checkout, or null.' }),
  })
  .meta({ id: 'IndexBulletin', description: 'A bulletin as an index lists it.' })

export const XsaEntry = z
  .object({
    xsa: z.int().positive().meta({ description: 'The Xen advisory’s number.' }),
    covered: z.array(IndexBulletin).meta({ description: 'Bulletins about it (title, heading or advisory link).' }),
    mentioned: z.array(IndexBulletin).meta({ description: 'Bulletins that only mention it.' }),
  })
  .meta({ id: 'XsaEntry', description: '`qsb index --ndjson`: one Xen advisory and the bulletins that cover or mention it.' })

export const SecpackIndex = z
  .object({
    xsas: z.array(XsaEntry).meta({ description: 'Every advisory named by some bulletin, ascending.' }),
    cves: z
      .array(z.object({ cve: z.string().meta({ description: 'The CVE id.' }), bulletins: z.array(IndexBulletin).meta({ description: 'Bulletins naming it.' }) }))
      .meta({ description: 'Every CVE named by some bulletin, in CVE order.' }),
    releases: z
      .array(
        z.object({
          release: z.string().meta({ description: 'The Qubes release (`4.2`).' }),
          bulletins: z.array(IndexBulletin).meta({ description: 'Bulletins with fixed packages for it.' }),
        }),
      )
      .meta({ description: 'Every release with fixed packages, ascending.' }),
    dates: z.array(IndexBulletin).meta({ description: 'All bulletins by date (undated last), then number.' }),
  })
  .meta({ id: 'SecpackIndex', description: '`qsb index --json`: the whole index.' })

export const IndexRecord = z
  .union([SecpackIndex, XsaEntry])
  .meta({ id: 'IndexRecord', description: '`qsb index`: the whole index (`--json`), or one advisory a line (`--ndjson`).' })

export const LintMessage = z
  .object({
    message: z.string().meta({ description: 'What is wrong (the record names the file).' }),
    ruleId: z.string().nullable().meta({ description: 'The rule (`short-underline`, `unresolved-citation`, …).' }),
    severity: z.enum(['error', 'warning', 'info']).meta({ description: '`error` fails the run; `warning` and `info` do not.' }),
    line: z.int().positive().nullable().meta({ description: 'Line, 1-based, or null.' }),
    column: z.int().positive().nullable().meta({ description: 'Column, 1-based, or null.' }),
    endLine: z.int().positive().nullable().meta({ description: 'Line where the problem ends, or null.' }),
    endColumn: z.int().positive().nullable().meta({ description: 'Column where the problem ends (exclusive), or null.' }),
  })
  .meta({ id: 'LintMessage', description: 'One problem in a file.' })

export const LintResult = z
  .object({
    file: z.string().meta({ description: 'The input as given (`-` for standard input).' }),
    messages: z.array(LintMessage).meta({ description: 'Its problems, by line (errors only with `--quiet`).' }),
    errorCount: z.int().nonnegative().meta({ description: 'Errors (an unreadable file counts as one).' }),
    warningCount: z.int().nonnegative().meta({ description: 'Warnings.' }),
    infoCount: z.int().nonnegative().meta({ description: 'Notes.' }),
    error: EntryError.nullable().meta({ description: 'Why the file could not be linted at all, or null.' }),
  })
  .meta({ id: 'LintResult', description: '`qsb lint`: the problems of one file.' })

/** Each command's record schema, by the name of its JSON Schema file in `docs/` (`NAME.schema.json`). */
export const commandSchemas = {
  parse: ParseEntry,
  verification: Verification,
  scan: ScanOutput,
  history: HistoryEntry,
  tags: TagsOutput,
  keys: KeyRecord,
  digest: IsoMatch,
  match: Match,
  index: IndexRecord,
  lint: LintResult,
} as const

/** Which schema each command's `--json`/`--ndjson` records follow. */
export const schemaOfCommand: Readonly<Record<string, keyof typeof commandSchemas>> = {
  parse: 'parse',
  verify: 'verification',
  scan: 'scan',
  history: 'history',
  tags: 'tags',
  keys: 'keys',
  digest: 'digest',
  match: 'match',
  index: 'index',
  lint: 'lint',
}

/**
 * The JSON Schema (draft 2020-12) of one command's records.
 *
 * @param name
 *   The schema's name (`parse`, `match`, …).
 * @returns
 *   A JSON Schema object with every type under `$defs`.
 */
export function commandJsonSchema(name: keyof typeof commandSchemas): Record<string, unknown> {
  return { $id: `https://qubes-secpack.invalid/${name}.schema.json`, ...z.toJSONSchema(commandSchemas[name], { target: 'draft-2020-12' }) }
}
