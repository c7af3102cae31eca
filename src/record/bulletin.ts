/**
 * Bulletin fields read off the tree.
 */
import { firstUrl } from '../text/index.js'
import type { Definition, Position, Release, Root } from '../text/index.js'
import { findCves, findXsas } from './advisories.js'
import { parseDate } from './dates.js'
import { findPatches } from './patches.js'
import type { Bulletin, ChangelogEntry, Reference } from './schema.js'
import { blockTexts, oneLine, type SectionView, withRole } from './sections.js'
import { findUserAction } from './user-action.js'

/** The fields only bulletins have. */
export type BulletinFields = Pick<
  Bulletin,
  'xsas' | 'cves' | 'patches' | 'userActionRequired' | 'userActions' | 'changelog' | 'references' | 'credits'
>

/** The fields, and what reading them left over for the loss checks. */
export interface BulletinReading {
  fields: BulletinFields
  /** Release lines under which no package was read. */
  emptyReleases: Release[]
  /** Sections about patching or user action. */
  actionViews: SectionView[]
}

/**
 * Read the bulletin-only fields.
 *
 * @param views
 *   The tree's sections (from `sectionViews`).
 * @param references
 *   Its references (from {@link collectReferences}).
 * @param text
 *   The document's text from the banner on (advisories are counted anywhere in it).
 * @param year
 *   The bulletin's year, for changelog dates written without one.
 * @returns
 *   The fields, and the release lines that gave no package.
 */
export function bulletinFields(
  views: SectionView[],
  references: readonly ReferenceNode[],
  text: string,
  year: number | null,
): BulletinReading {
  const actionViews = withRole(views, 'userAction', 'patching')
  const { patches, empty } = findPatches(views, new Set(actionViews))
  const userAction = findUserAction(actionViews, views)
  const fields: BulletinFields = {
    xsas: findXsas(text),
    cves: findCves(text),
    patches,
    userActionRequired: userAction.required,
    userActions: userAction.actions,
    changelog: changelog(views, year),
    references: references.map(({ label, url }): Reference => ({ label, url })),
    credits: withRole(views, 'credits').flatMap((view) => view.blocks.flatMap(blockTexts)),
  }
  return { fields, emptyReleases: empty, actionViews }
}

function changelog(views: SectionView[], year: number | null): ChangelogEntry[] {
  const entries: ChangelogEntry[] = []
  for (const view of withRole(views, 'changelog')) {
    for (const block of view.blocks) {
      if (block.type !== 'changelog') continue
      for (const entry of block.children) {
        entries.push({ date: parseDate(entry.date, year), text: oneLine(entry.value) })
      }
    }
  }
  return entries
}

/** A numbered reference and where it stands. */
export interface ReferenceNode {
  label: string
  url: string | null
  position: Position
}


/**
 * Every numbered reference of the document, in order: `[n] …` definitions
 * wherever they stand, and `n) …` items of a References section.
 *
 * @param root
 *   The tree.
 * @param views
 *   Its sections.
 * @returns
 *   The references.
 */
export function collectReferences(root: Root, views: SectionView[]): ReferenceNode[] {
  const found: ReferenceNode[] = []
  const walk = (node: { type: string; children?: unknown[] }): void => {
    if (node.type === 'definition') {
      const definition = node as Definition
      found.push({ label: definition.label, url: definition.url, position: definition.position })
    }
    for (const child of (node.children ?? []) as Array<{ type: string; children?: unknown[] }>) walk(child)
  }
  walk(root)
  for (const view of withRole(views, 'references', 'footnotes')) {
    for (const block of view.blocks) {
      if (block.type !== 'list' || !block.ordered) continue
      for (const item of block.children) {
        if (item.number === null) continue
        found.push({ label: String(item.number), url: firstUrl(item.value), position: item.position })
      }
    }
  }
  return found.sort((a, b) => (a.position.start.offset ?? 0) - (b.position.start.offset ?? 0))
}
