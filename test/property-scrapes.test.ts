/**
 * Every generated scrape of a generated bulletin traces back to it: noise
 * (underlines, indentation, blank lines, `--`, the sign-off URL, double
 * spaces, straight quotes, quote markers and empty quote lines, re-wrapped
 * lines, the final newline; site text added around it) is never a difference
 * of substance, the revision it came from is the one with the fewest
 * substantive words, and a changed digit or word, an added sentence, or a
 * line of words lost (a heading, the date, the short end of a paragraph)
 * always is substance.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readDocuments } from '../src/read/index.js'
import { compareTexts } from '../src/secpack/index.js'
import { matchRepost } from '../src/secpack/index.js'
import { createGitRepo, fakeSignature, fakeVerifier } from './helpers/git-repo.js'
import { SHORT_LINE, addedSentence, noiseOptions, revise, revision, scrape, scrapeOptions } from './helpers/mutate.js'
import { type BulletinModel, bulletinModel, type RenderedLine, render, renderLines } from './helpers/render-bulletin.js'

/** The bulletin text `sources/` recovers from a scrape (the page around it cut away). */
async function bulletinText(page: string): Promise<string> {
  const documents = await readDocuments(page, { path: 'scrape.txt' })
  expect(documents).toHaveLength(1)
  return (documents[0] as (typeof documents)[number]).unwrapped.text
}

/** Revisions with distinct texts: the model and each revised copy of it. */
function revisions(base: BulletinModel, changes: Parameters<typeof revise>[1][]): BulletinModel[] {
  const byText = new Map<string, BulletinModel>()
  for (const model of [base, ...changes.map((change) => revise(base, change))]) byText.set(render(model), model)
  return [...byText.values()]
}

describe('scrapes of generated bulletins', () => {
  it('noise only: no difference of substance, whatever mix of noise', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, noiseOptions, async (model, options) => {
        const copy = scrape(renderLines(model), options)
        const comparison = await compareTexts(render(model), await bulletinText(copy.text))
        expect(comparison.differences.filter((difference) => difference.substance)).toEqual([])
        expect(comparison.substantiveWords).toBe(0)
      }),
      { numRuns: 300 },
    )
  })

  it('a changed digit or letter in any word is substance, whatever noise surrounds it', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, noiseOptions, fc.nat(), fc.nat(), async (model, options, at, by) => {
        const lines = renderLines(model)
        // The sign-off URL is not the bulletin's body: a copy may lose it (see the damage table for one changed).
        const words = lines.flatMap((line, index) =>
          line.role === 'url' ? [] : [...line.text.matchAll(/[A-Za-z0-9]+/g)].map((found) => ({ index, at: found.index as number, word: found[0] })),
        )
        const target = words[at % words.length] as (typeof words)[number]
        const position = target.at + (by % target.word.length)
        const old = (lines[target.index] as RenderedLine).text.charAt(position)
        const pool = /\d/.test(old) ? '0123456789' : /[a-z]/.test(old) ? 'abcdefghijklmnopqrstuvwxyz' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
        const next = pool.charAt((pool.indexOf(old) + 1 + (by % (pool.length - 1))) % pool.length)
        const changed = lines.map((line, i) => (i === target.index ? { ...line, text: line.text.slice(0, position) + next + line.text.slice(position + 1) } : line))
        const documents = await readDocuments(scrape(changed, options).text, { path: 'scrape.txt' }).catch(() => [])
        // A broken banner may leave nothing to read as a bulletin: nothing is then called faithful either.
        if (documents.length === 0) return
        const comparison = await compareTexts(render(model), (documents[0] as (typeof documents)[number]).unwrapped.text)
        expect(comparison.substantiveWords, `${old} → ${next} in “${lines[target.index]?.text}”`).toBeGreaterThan(0)
      }),
      { numRuns: 300 },
    )
  })

  it('lines of words lost (headings, the date, short ends of paragraphs) are substance, and each says what it was', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, scrapeOptions, async (model, options) => {
        const copy = scrape(renderLines(model), options)
        const comparison = await compareTexts(render(model), await bulletinText(copy.text))
        const substantive = comparison.differences.filter((difference) => difference.substance)
        if (copy.lost.length === 0) expect(substantive).toEqual([])
        else expect(comparison.substantiveWords).toBeGreaterThan(0)
        // One line lost: one removed run, at that line, saying what the line was.
        if (copy.lost.length === 1) {
          const [lost] = copy.lost as [(typeof copy.lost)[number]]
          expect(substantive).toMatchObject([{ kind: 'removed', line: lost.kind, revision: { line: lost.line } }])
        }
      }),
      { numRuns: 200 },
    )
  })

  it('trace to the revision they came from: the only one with no substantive word', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, fc.array(revision, { minLength: 1, maxLength: 4 }), fc.nat(), noiseOptions, async (base, changes, pick, options) => {
        const models = revisions(base, changes)
        const source = pick % models.length
        const text = await bulletinText(scrape(renderLines(models[source] as BulletinModel), options).text)
        const counts = await Promise.all(models.map(async (model) => (await compareTexts(render(model), text)).substantiveWords))
        expect(counts.map((count) => count === 0)).toEqual(models.map((_, index) => index === source))
      }),
      { numRuns: 150 },
    )
  })

  it('report a changed version number as substance', async () => {
    const withPatches = bulletinModel.filter((model) => model.sections.some((section) => section.heading === 'Patching'))
    await fc.assert(
      fc.asyncProperty(withPatches, fc.nat(), noiseOptions, async (model, at, options) => {
        const lines = renderLines(model)
        const items = lines.flatMap((line, index) => (line.role === 'item' ? [index] : []))
        const index = items[at % items.length] as number
        const old = (lines[index] as RenderedLine).text.split(' ').at(-1) as string
        const changed = lines.map((line, i) => (i === index ? { ...line, text: line.text.replace(/ \S+$/, ` ${old}9`) } : line))
        const comparison = await compareTexts(render(model), await bulletinText(scrape(changed, options).text))
        const substantive = comparison.differences.filter((difference) => difference.substance)
        expect(substantive).toHaveLength(1)
        expect(substantive[0]).toMatchObject({ kind: 'changed', revision: { line: index + 1 }, repost: { text: `${old}9` } })
        // The run starts at the old version; a heading the copy lost right after the item joins the same run.
        expect(substantive[0]?.revision?.text.split(' ')[0]).toBe(old)
      }),
      { numRuns: 100 },
    )
  })

  it('report an added sentence as substance', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, fc.nat(), noiseOptions, async (model, at, options) => {
        const lines = renderLines(model)
        const firsts = lines.flatMap((line, index) => (line.role === 'text' && line.first ? [index] : []))
        const index = firsts[at % firsts.length] as number
        const sentence = `${addedSentence.join(' ')}.`
        const changed = lines.map((line, i) => (i === index ? { ...line, text: line.text.replace(/^(\S+) /, `$1 ${sentence} `) } : line))
        const comparison = await compareTexts(render(model), await bulletinText(scrape(changed, options).text))
        expect(comparison.differences.filter((difference) => difference.substance)).toEqual([
          { kind: 'added', substance: true, revision: null, repost: expect.objectContaining({ text: sentence }) },
        ])
      }),
      { numRuns: 100 },
    )
  })
})

describe('lines a scraper does not lose', () => {
  it('a line dropped that is no heading, date or short end of a paragraph is substance', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, fc.nat(), scrapeOptions, async (model, at, options) => {
        const lines = renderLines(model)
        const blank = (index: number): boolean => (lines[index]?.text ?? '') === ''
        const candidates = lines.flatMap((line, index) => {
          const words = ['title', 'text', 'quote', 'context', 'item', 'reference'].includes(line.role) && /\w/.test(line.text)
          // What compareTexts rightly tolerates: a short last line of a block of text.
          const short = line.text.trim().length <= SHORT_LINE && blank(index + 1) && !blank(index - 1) && line.role !== 'item'
          return words && !short ? [index] : []
        })
        const index = candidates[at % candidates.length] as number
        const page = scrape(lines.filter((_, i) => i !== index), options).text
        const comparison = await compareTexts(render(model), await bulletinText(page))
        expect(comparison.substantiveWords, lines[index]?.text).toBeGreaterThan(0)
      }),
      { numRuns: 150 },
    )
  })

  // Regression: a line of prose that names a heading's words is not a heading a copy may drop.
  it('a line of prose mentioning packages, dropped from a paragraph, is substance', async () => {
    const revision = bulletin(['Summary', '--------', '', 'The fix needs a restart. Users of the affected', 'packages must not restart their qubes before the update is', 'installed, or they will lose data.'])
    const comparison = await compareTexts(revision, revision.replace('packages must not restart their qubes before the update is\n', ''))
    expect(comparison.differences.map((difference) => difference.substance)).toEqual([true])
  })

  // Regression: the short-line tolerance is for the end of a paragraph, not the last item of a list.
  it('the last package of a list, dropped, is substance', async () => {
    const revision = bulletin(['Patching', '---------', '', '  For Qubes 4.2, in dom0:', '  - Xen packages, version 4.17.5-3', '  - dracut-059-7.fc41'])
    const comparison = await compareTexts(revision, revision.replace('  - dracut-059-7.fc41\n', ''))
    expect(comparison.differences.map((difference) => difference.substance)).toEqual([true])
  })
})

describe('short lines lost next to the same words', () => {
  // Regression: the word diff may align a lost short line as a run that ends inside the next block
  // when that block begins with the same words; the run is slid back onto the whole line.
  it('a lost short line followed by a quote that starts with its words is substance, named as a short line', async () => {
    const revision = bulletin(['Summary', '--------', '', 'A qube can read the memory of the guest, and', 'then crash it.', '', '| then crash it again.'])
    const comparison = await compareTexts(revision, revision.replace('then crash it.\n', ''))
    expect(comparison.differences).toEqual([{ kind: 'removed', line: 'short-line', substance: true, revision: { line: 12, text: 'then crash it.' }, repost: null }])
  })
})

/** A bulletin with one section, given as lines. */
function bulletin(section: string[]): string {
  return ['', '             ---===[ Qubes Security Bulletin 950 ]===---', '', '                             2025-02-18', '', '                    A flaw in the qrexec policy helper', '', ...section, '', '--', 'The Qubes Security Team', ''].join('\n')
}

describe('scrapes traced through a git history', () => {
  it('matchRepost finds the commit of the revision a scrape came from, with no substance', async () => {
    await fc.assert(
      fc.asyncProperty(bulletinModel, fc.array(revision, { minLength: 2, maxLength: 3 }), fc.nat(), noiseOptions, async (base, changes, pick, options) => {
        const models = revisions(base, changes)
        const source = pick % models.length
        const path = `QSBs/qsb-${String(base.number).padStart(3, '0')}-${base.date.slice(0, 4)}.txt`
        const repo = await createGitRepo(mkdtempSync(join(tmpdir(), 'qsb-props-')))
        try {
          const commits: string[] = []
          for (const [index, model] of models.entries()) {
            const text = render(model)
            commits.push(await repo.commit({ time: 1_700_000_000 + index * 86_400, files: { [path]: text, [`${path}.sig.alice`]: fakeSignature(text) } }))
          }
          const text = await bulletinText(scrape(renderLines(models[source] as BulletinModel), options).text)
          const [document] = await readDocuments(text, { path: 'scrape.txt' })
          const match = await matchRepost(repo.dir, { file: 'scrape.txt', record: document!.record, text }, { verify: fakeVerifier })
          expect(match.error).toBeNull()
          expect(match.revision).toMatchObject({ commit: commits[source], signed: true })
          expect(match.substance).toBe(false)
        } finally {
          rmSync(repo.dir, { recursive: true, force: true })
        }
      }),
      { numRuns: 8 },
    )
  })
})
