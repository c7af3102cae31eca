/**
 * The record contract: zod schemas for `Bulletin` and `Canary`, with the
 * TypeScript types inferred from them. JSON field names are a public API.
 */
import * as z from 'zod'

export const Point = z
  .object({
    line: z.int().positive().meta({ description: 'Line, 1-based.' }),
    column: z.int().positive().meta({ description: 'Column, 1-based, in UTF-16 code units.' }),
    offset: z.int().nonnegative().meta({ description: 'Offset into the parsed text, 0-based, in UTF-16 code units.' }),
  })
  .meta({ id: 'Point', description: 'A place in the parsed text.' })
export type Point = z.infer<typeof Point>

export const Position = z
  .object({ start: Point, end: Point })
  .meta({ id: 'Position', description: 'A span of the parsed text: start inclusive, end exclusive.' })
export type Position = z.infer<typeof Position>

export const Section = z
  .object({
    heading: z
      .string()
      .nullable()
      .meta({ description: 'Heading as written; null for text that comes before the first heading.' }),
    depth: z.int().positive().meta({ description: 'Nesting level, 1 = top.' }),
    text: z.string().meta({
      description: 'The section’s own text as written (without heading and sub-sections), blank lines around it trimmed.',
    }),
    position: Position.meta({ description: 'From the heading to the end of the last sub-section.' }),
    get children(): z.ZodArray<typeof Section> {
      return z.array(Section).meta({ description: 'Sub-sections, in order.' })
    },
  })
  .meta({ id: 'Section', description: 'A section of the document and its sub-sections.' })
export type Section = z.infer<typeof Section>

export const Source = z
  .object({
    format: z
      .enum(['secpack', 'markdown', 'html', 'email', 'plain'])
      .meta({ description: 'Container the text came in.' }),
    fidelity: z.enum(['exact', 'lossy']).meta({
      description: '`exact` when the bytes are the publisher’s; `lossy` when they were damaged on the way.',
    }),
    partial: z.boolean().meta({
      description:
        'true when the text carries only part of the document (a news post that quotes only what an update changed, a stub with a title only, a post that only redirects): fields it does not carry are empty, not absent from the bulletin; false for a whole document.',
    }),
  })
  .meta({ id: 'Source', description: 'Where the text came from and how faithful it is.' })
export type Source = z.infer<typeof Source>

export const Diagnostic = z
  .object({
    severity: z.enum(['error', 'warning', 'info']).meta({ description: 'How serious the problem is.' }),
    message: z.string().meta({ description: 'What is wrong, in words.' }),
    ruleId: z.string().nullable().meta({ description: 'Stable identifier of the check (`missing-date`, `todo`, …).' }),
    line: z.int().positive().nullable().meta({ description: 'Line where the problem starts, 1-based.' }),
    column: z.int().positive().nullable().meta({ description: 'Column where the problem starts, 1-based.' }),
    endLine: z.int().positive().nullable().meta({ description: 'Line where the problem ends.' }),
    endColumn: z.int().positive().nullable().meta({ description: 'Column where the problem ends.' }),
  })
  .meta({ id: 'Diagnostic', description: 'A problem found while reading the document.' })
export type Diagnostic = z.infer<typeof Diagnostic>

const isoDate = z.iso.date()

const common = {
  file: z.string().nullable().meta({ description: 'The input as given (path, `-` for standard input), or null.' }),
  number: z.int().nonnegative().meta({ description: 'Bulletin or canary number, from the banner.' }),
  date: isoDate.nullable().meta({ description: 'Date of issue, `YYYY-MM-DD`, or null when the text does not give one.' }),
  title: z.string().nullable().meta({ description: 'Title, wrapped lines joined by one space; null where there is none.' }),
  sections: z.array(Section).meta({ description: 'Sections as a tree.' }),
  source: Source,
  diagnostics: z.array(Diagnostic).meta({ description: 'Problems found, in document order.' }),
}

export const Package = z
  .object({
    name: z.string().meta({ description: 'Package name as written (`Xen packages`, `qubes-gui-dom0`).' }),
    version: z.string().meta({ description: 'Version without trailing notes (`4.14.6-6`).' }),
  })
  .meta({ id: 'Package', description: 'A package version that carries the fix.' })
export type Package = z.infer<typeof Package>

export const Patch = z
  .object({
    release: z.string().nullable().meta({ description: 'Qubes release, normalised (`4.2`, `R3.0` → `3.0`); null where unstated.' }),
    domain: z.string().nullable().meta({
      description:
        'Where to install, lowercased, the name alone (`dom0`, `templates and standalones`): from the release line, or else from the prose around the list (“the packages are to be installed in dom0 via …”); null where unstated.',
    }),
    condition: z.string().nullable().meta({
      description:
        'A qualifier the release line puts on the domain, as written (`no GUI domain` for `in dom0 (no GUI domain)`); null when there is none.',
    }),
    packages: z.array(Package).meta({ description: 'Packages and versions, in the order written.' }),
  })
  .meta({ id: 'Patch', description: 'Fixed packages for one release.' })
export type Patch = z.infer<typeof Patch>

export const ChangelogEntry = z
  .object({
    date: isoDate.nullable().meta({
      description: 'Date of the change, `YYYY-MM-DD`; a date written without a year takes the bulletin’s year.',
    }),
    text: z.string().meta({ description: 'What changed, wrapped lines joined by one space.' }),
  })
  .meta({ id: 'ChangelogEntry', description: 'One revision of the bulletin.' })
export type ChangelogEntry = z.infer<typeof ChangelogEntry>

export const Reference = z
  .object({
    label: z.string().meta({ description: 'The citation label (`1` for `[1]`).' }),
    url: z.string().nullable().meta({ description: 'The first URL of the reference, or null.' }),
  })
  .meta({ id: 'Reference', description: 'A numbered reference.' })
export type Reference = z.infer<typeof Reference>

export const Bulletin = z
  .object({
    ...common,
    kind: z.literal('bulletin').meta({ description: 'A Qubes Security Bulletin.' }),
    xsas: z.array(z.int().positive()).meta({
      description: 'Every Xen Security Advisory referred to anywhere, by number, sorted, unique.',
    }),
    cves: z.array(z.string()).meta({ description: 'CVE identifiers named anywhere (every id of a short range written `CVE-2025-1111 through CVE-2025-1113`), upper-case, sorted by year and number, unique.' }),
    patches: z.array(Patch).meta({ description: 'Fixed packages per release and domain.' }),
    userActionRequired: z.boolean().nullable().meta({
      description:
        'What the bulletin states. true: it says user action is required (a “User action required” section, “users must install the following specific packages”, “the packages are to be installed …”) or asks for a step beyond installing updates the normal way (change a setting, run a command, recreate a template, replace hardware); false: it says to update normally and that no other user action is required (restarts and Anti Evil Maid resealing stated in its Patching section are then part of the update); null: it says neither.',
    }),
    userActions: z.array(z.string()).meta({
      description:
        'The steps the bulletin asks users to take, each its own sentence (wrapped lines joined by one space), in order: installing, restarting, resealing Anti Evil Maid, commands, settings; optional advice (“may wish to consider”) is not a step.',
    }),
    changelog: z.array(ChangelogEntry).meta({ description: 'Revisions listed in a Changelog or History section.' }),
    references: z.array(Reference).meta({ description: 'Numbered references, in order.' }),
    credits: z.array(z.string()).meta({
      description: 'The Credits section, one entry per paragraph or list item, wrapped lines joined by one space.',
    }),
  })
  .meta({ id: 'Bulletin', description: 'A Qubes Security Bulletin (QSB) as a record.' })
export type Bulletin = z.infer<typeof Bulletin>

export const Statement = z
  .object({
    number: z.int().positive().meta({ description: 'Statement number.' }),
    text: z.string().meta({ description: 'Statement text, wrapped lines joined by one space.' }),
  })
  .meta({ id: 'Statement', description: 'One numbered statement of a canary.' })
export type Statement = z.infer<typeof Statement>

export const NextCanary = z
  .object({
    text: z.string().meta({ description: 'When the next canary is planned, as written (`the first two weeks of March 2021`).' }),
    month: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .nullable()
      .meta({ description: 'The month named, `YYYY-MM`, or null.' }),
  })
  .meta({ id: 'NextCanary', description: 'The announced window for the next canary.' })
export type NextCanary = z.infer<typeof NextCanary>

export const Canary = z
  .object({
    ...common,
    kind: z.literal('canary').meta({ description: 'A Qubes warrant canary.' }),
    statements: z.array(Statement).meta({ description: 'The numbered statements.' }),
    bulletinCount: z.int().nonnegative().nullable().meta({ description: 'Number of QSBs published so far (statement 2).' }),
    masterKeyFingerprint: z
      .string()
      .regex(/^[0-9A-F]{40}$/)
      .nullable()
      .meta({ description: 'Master Signing Key fingerprint stated (statement 3), 40 hex digits, no spaces.' }),
    nextCanary: NextCanary.nullable().meta({ description: 'The announced window for the next canary (statement 5), or null.' }),
    specialAnnouncements: z
      .array(z.string())
      .meta({ description: 'Special announcements, one per paragraph or item; empty for `None.`' }),
    proofOfFreshness: z.string().nullable().meta({ description: 'The proof-of-freshness text as written.' }),
  })
  .meta({ id: 'Canary', description: 'A Qubes canary as a record.' })
export type Canary = z.infer<typeof Canary>

export const QsbRecord = z
  .discriminatedUnion('kind', [Bulletin, Canary])
  .meta({ id: 'QsbRecord', description: 'A bulletin or canary record.' })
export type QsbRecord = z.infer<typeof QsbRecord>
