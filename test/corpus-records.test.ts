/**
 * The meaning of the record's fields on the real corpus, checked against
 * readings made here, independently of the extractors:
 *
 * - no silent loss: every version-like token in a section about patching or
 *   user action is a package version or release of `patches`, or is named by
 *   an `unread-*` warning; the only `unread-*` warnings are the ones listed
 *   below, each with the reason it is right;
 * - `userActionRequired` is stated for every bulletin from 2017 on that has a
 *   user-action or patching section, and agrees with what the text says;
 * - `userActions` holds every restart and resealing step the bulletin states.
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { parse, readDocuments } from '../src/read/index.js'
import type { Bulletin, Section } from '../src/record/schema.js'
import { corpusFiles, corpusPath } from './helpers/corpus.js'
import { corpus, describeWith } from './helpers/needs.js'

const names = corpusFiles('secpack/QSBs', /^qsb-\d{3}-\d{4}\.txt$/)
const seeds = corpusFiles('seeds', /^00[0-3]_/)
const records = new Map<string, Bulletin>()
for (const name of names) records.set(name, parse(readFileSync(corpusPath('secpack/QSBs', name)), { path: name }) as Bulletin)
for (const name of seeds) records.set(name, parse(readFileSync(corpusPath('seeds', name)), { path: name }) as Bulletin)

/**
 * Every `unread-*` warning of the corpus, by `file:line:column`, and why it is
 * right: each names something the record truly does not hold.
 */
const expectedLosses: Record<string, string> = {
  ...Object.fromEntries(
    [
      ['qsb-014-2015.txt', '65:35'],
      ['qsb-015-2015.txt', '155:35'],
      ['qsb-016-2015.txt', '85:35'],
      ['qsb-017-2015.txt', '93:35'],
      ['qsb-018-2015.txt', '189:35'],
      ['qsb-019-2015.txt', '152:35'],
      ['qsb-020-2015.txt', '255:35'],
      ['qsb-021-2015.txt', '121:35'],
    ].map(([name, place]) => [
      `${name}:${place}:unread-version`,
      'core-agent-linux 2.1.49 provides the security-testing repository definition (a note under Patching); it is a prerequisite, not a fixed package',
    ]),
  ),
  'qsb-045-2018.txt:78:3:unread-release':
    '`For Qubes OS 3.2:` lists only "No packages necessary, since 3.2 is not affected": there is no patch for it',
  'qsb-065-2021.txt:20:3:unread-release': '`For Qubes 4.1: not affected`: the release needs no package',
}

/** Sections about patching or user action, with their sub-sections, by heading as written. */
const actionHeading = /patch|user action|what you should do|suggested actions|^(?:resolution|solution|workaround)$/i

function actionTexts(sections: readonly Section[], inside = false): string[] {
  return sections.flatMap((section) => {
    const action = inside || actionHeading.test(section.heading ?? '')
    return [...(action ? [section.text] : []), ...actionTexts(section.children, action)]
  })
}

/** Sentences of a text, wrapped lines joined: an independent, simple split. */
function sentences(text: string): string[] {
  return text
    .replace(/^\s*[|$] ?/gm, '')
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
}

function allTexts(sections: readonly Section[]): string[] {
  return sections.flatMap((section) => [section.text, ...allTexts(section.children)])
}

const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim()

describeWith([corpus('secpack'), corpus('seeds')], 'corpus: nothing silently lost', () => {
  it('the only unread-* warnings are the listed ones', () => {
    const found: string[] = []
    for (const [name, record] of records) {
      for (const diagnostic of record.diagnostics) {
        if (!diagnostic.ruleId?.startsWith('unread-')) continue
        expect(diagnostic.severity).toBe('warning')
        found.push(`${name}:${diagnostic.line}:${diagnostic.column}:${diagnostic.ruleId}`)
      }
    }
    expect(found.sort()).toEqual(Object.keys(expectedLosses).sort())
  })

  it('the news posts and the scraped seed give no unread-* warning', async () => {
    const inputs = [...corpusFiles('posts', /\.md$/).map((name) => ['posts', name]), ['seeds', '004_7cff213ec2b1fc02.txt']]
    expect(inputs.length).toBeGreaterThanOrEqual(5)
    for (const [folder, name] of inputs as Array<[string, string]>) {
      for (const { record } of await readDocuments(readFileSync(corpusPath(folder, name)), { path: name })) {
        expect(record.diagnostics.filter((diagnostic) => diagnostic.ruleId?.startsWith('unread-')), name).toEqual([])
      }
    }
  })

  it('every version-like token in a section about patching or user action is in patches or named by a warning', () => {
    const silent: string[] = []
    for (const [name, record] of records) {
      const versions = new Set(record.patches.flatMap((patch) => patch.packages.map((entry) => entry.version)))
      const releases = new Set(record.patches.map((patch) => patch.release))
      const warned = record.diagnostics.filter((diagnostic) => diagnostic.ruleId?.startsWith('unread-')).map((diagnostic) => diagnostic.message)
      for (const text of actionTexts(record.sections)) {
        const withoutUrls = text.replace(/\bhttps?:\/\/\S+/g, ' ')
        for (const match of withoutUrls.matchAll(/(?<![\w.])(\d+(?:\.\d+)+(?:-[0-9A-Za-z][\w.+~]*)?)/g)) {
          // An RPM file name ends in its architecture (`.noarch`): not part of the version.
          const token = (match[1] as string).replace(/\.+$/, '').replace(/\.(?:noarch|x86_64|i686|src)$/, '')
          const release = token.replace(/-.*$/, '')
          const inPatches = [...versions].some((version) => version === token || version.startsWith(`${token}-`) || version.startsWith(`${token}.`))
          if (inPatches || releases.has(release) || warned.some((message) => message.includes(token))) continue
          silent.push(`${name}: ${token}`)
        }
      }
    }
    expect(silent).toEqual([])
  })
})

/** Bulletins from 2017 on with such a section whose `userActionRequired` is null, and why. */
const undecided: Record<string, string> = {}

describeWith([corpus('secpack'), corpus('seeds')], 'corpus: what users are asked to do', () => {
  it('userActionRequired is stated for every bulletin from 2017 on that has a user-action or patching section', () => {
    const missing: string[] = []
    for (const name of names) {
      const record = records.get(name) as Bulletin
      const year = Number(/-(\d{4})\.txt$/.exec(name)?.[1])
      const hasSection = actionTexts(record.sections).length > 0
      if (year >= 2017 && hasSection && record.userActionRequired === null && !undecided[name]) missing.push(name)
    }
    expect(missing).toEqual([])
    expect(names.length).toBeGreaterThanOrEqual(99)
  })

  it('agrees with what the bulletin says in so many words', () => {
    const disagree: string[] = []
    for (const [name, record] of records) {
      const text = squeeze(actionTexts(record.sections).join(' '))
      const saysNo = /no (?:other )?user action is required/i.test(text)
      const mustInstall = /users must install the following specific packages/i.test(text)
      if (saysNo && record.userActionRequired !== false) disagree.push(`${name}: says no user action is required`)
      if (!saysNo && mustInstall && record.userActionRequired !== true) disagree.push(`${name}: says users must install specific packages`)
    }
    expect(disagree).toEqual([])
  })

  it('userActions holds every restart and resealing step a bulletin states', () => {
    const missing: string[] = []
    let steps = 0
    for (const [name, record] of records) {
      for (const sentence of allTexts(record.sections).flatMap(sentences)) {
        // A restart or resealing asked for: `must be restarted`, `will need to reseal`, `a restart … will be required`.
        const asked =
          /\b(?:must|need to|needs to|will need to|should|have to)\s+(?:be\s+)?(?:restart|reboot|reseal)|\b(?:restart|reboot)\w*\s+(?:of\s+[\w\s-]+?\s+)?(?:is|are|will be)\s+required/i
        if (!asked.test(sentence) || /\bnot\b/i.test(sentence)) continue
        steps++
        const step = squeeze(sentence)
        if (!record.userActions.some((action) => squeeze(action).includes(step) || step.includes(squeeze(action)))) {
          missing.push(`${name}: ${step}`)
        }
      }
    }
    expect(missing).toEqual([])
    // Most bulletins state a restart or resealing step: the check is not vacuous.
    expect(steps).toBeGreaterThan(80)
  })
})
