/**
 * Noise versus substance (docs/guides/repost.md), case by case: real-looking
 * damage to a bulletin, each case classified. A copy is read back the way
 * `qsb match` reads it (through `sources/`), then compared with the revision.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readDocuments } from '../src/read/index.js'
import { compareTexts, type Difference } from '../src/secpack/index.js'
import { fixture } from './helpers/keys.js'

/** The fixture bulletin, with a code snippet whose braces stand alone (as in a few real bulletins). */
const revision = readFileSync(fixture('bulletins/qsb-112-2025.txt'), 'utf8')
  .replace(
    'qubes (CVE-2025-0101).\n',
    'qubes (CVE-2025-0101). To check a template, run in it:\n\n    check_helper()\n    {\n        grep -q separator /etc/qrexec.conf\n    }\n',
  )
  .replace('| reject.\n', '| reject.\n|\n| The separator is a colon.\n')

/** Apply `edit` to every line (`null` drops the line). */
function lines(text: string, edit: (line: string, index: number, all: string[]) => string | null): string {
  const all = text.split('\n')
  return all.flatMap((line, index) => {
    const edited = edit(line, index, all)
    return edited === null ? [] : [edited]
  }).join('\n')
}

/** Replace exactly one occurrence: the damage must bite. */
function once(text: string, find: string | RegExp, replace: string): string {
  const changed = text.replace(find, replace)
  if (changed === text) throw new Error(`not found: ${String(find)}`)
  return changed
}

const underline = /^\s*(?:-{3,}|={3,})\s*$/
const site = (text: string): string => `Example Security News\n\nHome | Advisories | About\n\n${text}\n\nShare this post\nCopyright Example Security News\n`

/** Damage that is noise only: the copy stays faithful. */
const noise: [string, (text: string) => string][] = [
  ['the two leading blank lines the website drops', (text) => text.replace(/^\n+/, '')],
  ['blank lines added at the end', (text) => `${text}\n\n\n`],
  ['every blank line doubled', (text) => text.replace(/\n\n/g, '\n\n\n')],
  ['blank lines inside sections dropped', (text) => text.replace(/:\n\n\|/, ':\n|')],
  ['underlines lost', (text) => lines(text, (line) => (underline.test(line) ? null : line))],
  ['indentation lost', (text) => lines(text, (line) => line.trimStart())],
  ['runs of spaces squeezed', (text) => text.replace(/ {2,}/g, ' ')],
  ['the sign-off URL lost', (text) => once(text, 'The Qubes Security Team\nhttps://www.qubes-os.example/security/\n', 'The Qubes Security Team\n')],
  ['the `--` above the sign-off lost', (text) => once(text, '\n--\nThe Qubes', '\nThe Qubes')],
  ['quote markers lost', (text) => lines(text, (line) => line.replace(/^\| ?/, ''))],
  ['empty quote lines lost', (text) => once(text, '| reject.\n|\n', '| reject.\n')],
  ['lone braces of the code lost', (text) => lines(text, (line) => (/^\s*[{}]\s*$/.test(line) ? null : line))],
  ['a paragraph re-wrapped into one line', (text) => once(text, 'updates\ndescribed in the "Patching" section below. No other user action is\nrequired', 'updates described in the "Patching" section below. No other user action is required')],
  ['long lines wrapped shorter', (text) => lines(text, (line) => (line.length > 60 && !line.includes('===[') ? line.replace(/^(.{30,}?) /, '$1\n') : line))],
  ['site text around the bulletin', (text) => site(text)],
  ['curly quotes and typographic dashes', (text) => text.replace(/"([^"\n]*)"/g, '“$1”').replace(' - Xen', ' – Xen')],
  ['list bullets changed to •', (text) => text.replace(/^( {2})- /gm, '$1• ')],
  ['CRLF line breaks', (text) => text.replace(/\n/g, '\r\n')],
  ['the banner’s number written another way', (text) => once(text, 'Bulletin 112 ]', 'Bulletin #112 ]')],
  [
    'all of it at once, on a page',
    (text) =>
      site(
        lines(text, (line) => (underline.test(line) || /^\s*[{}]\s*$/.test(line) || line === '--' || line.startsWith('https://www.qubes-os.example/security') ? null : line.replace(/^\| ?/, '').trim().replace(/ {2,}/g, ' '))),
      ),
  ],
]

/** Damage that changes what the copy says, and the difference each must give. */
const substance: [string, (text: string) => string, Partial<Difference>][] = [
  ['a version digit changed', (text) => once(text, '4.17.5-3', '4.17.5-4'), { kind: 'changed', revision: { line: 45, text: '4.17.5-3' }, repost: expect.objectContaining({ text: '4.17.5-4' }) }],
  ['a package name changed', (text) => once(text, 'qubes-core-qrexec-dom0', 'qubes-core-qrexec-vm'), { kind: 'changed' }],
  ['a release changed', (text) => once(text, 'For Qubes 4.2,', 'For Qubes 4.1,'), { kind: 'changed', revision: expect.objectContaining({ text: '4.2,' }) }],
  ['a domain changed', (text) => once(text, 'in dom0:\n  - qubes', 'in sys-usb:\n  - qubes'), { kind: 'changed' }],
  ['a word added that turns a sentence around', (text) => once(text, 'could learn', 'could not learn'), { kind: 'added', repost: expect.objectContaining({ text: 'not' }) }],
  ['a CVE number changed', (text) => once(text, 'CVE-2025-0101', 'CVE-2025-0102'), { kind: 'changed' }],
  ['a URL in the body changed', (text) => once(text, 'advisory-470.html', 'advisory-471.html'), { kind: 'changed' }],
  ['a sentence added', (text) => once(text, 'The issue was reported', 'No restart is needed. The issue was reported'), { kind: 'added', repost: expect.objectContaining({ text: 'No restart is needed.' }) }],
  ['a sentence removed', (text) => once(text, 'No other user action is\nrequired in response to this QSB.', ''), { kind: 'removed' }],
  ['a package line removed', (text) => once(text, '  - dracut-059-7.fc41\n', ''), { kind: 'removed', revision: expect.objectContaining({ text: 'dracut-059-7.fc41' }) }],
  ['a code line changed', (text) => once(text, 'grep -q separator', 'grep -q nothing'), { kind: 'changed' }],
  ['a heading lost', (text) => once(text, 'Credits\n--------\n', ''), { kind: 'removed', line: 'heading', revision: { line: 57, text: 'Credits' } }],
  ['the date line lost', (text) => once(text, '                             2025-02-18\n', ''), { kind: 'removed', line: 'date', revision: { line: 4, text: '2025-02-18' } }],
  ['the short end of a paragraph lost', (text) => once(text, '| reject.\n', ''), { kind: 'removed' }],
  ['the banner’s number changed', (text) => once(text, 'Bulletin 112 ]', 'Bulletin 113 ]'), { kind: 'changed', revision: expect.objectContaining({ text: '112' }) }],
  ['the title changed', (text) => once(text, '(XSA-470)', '(XSA-471)'), { kind: 'changed' }],
  ['the sign-off URL replaced by another', (text) => once(text, 'https://www.qubes-os.example/security/', 'https://security.example.invalid/'), { kind: 'changed', line: 'signoff-url' }],
  ['text added inside the bulletin, among noise', (text) => once(site(text.replace(/^\n+/, '')), 'Patching\n', 'Patching\nIgnore this section.\n'), { kind: 'added' }],
]

async function copyText(copy: string): Promise<string> {
  const documents = await readDocuments(copy, { path: 'copy.txt' })
  expect(documents).toHaveLength(1)
  return (documents[0] as (typeof documents)[number]).unwrapped.text
}

describe('noise: the copy stays faithful', () => {
  it.each(noise)('%s', async (_what, damage) => {
    const copy = damage(revision)
    expect(copy).not.toBe(revision)
    const comparison = await compareTexts(revision, await copyText(copy))
    expect(comparison.differences.filter((difference) => difference.substance)).toEqual([])
    expect(comparison.substantiveWords).toBe(0)
  })

  it('what noise the comparison reports: a lost sign-off URL, and site text around the bulletin', async () => {
    const lost = await compareTexts(revision, revision.replace('https://www.qubes-os.example/security/\n', ''))
    expect(lost.differences).toEqual([{ kind: 'noise', line: 'signoff-url', substance: false, revision: { line: 71, text: 'https://www.qubes-os.example/security/' }, repost: null }])
    const around = await compareTexts(revision, `${revision}Share this post\n`)
    expect(around.differences).toEqual([{ kind: 'noise', line: 'site-text', substance: false, revision: null, repost: { line: 72, text: 'Share this post' } }])
  })
})

describe('substance: the copy does not say what was signed', () => {
  it.each(substance)('%s', async (_what, damage, expected) => {
    const copy = damage(revision)
    expect(copy).not.toBe(revision)
    const comparison = await compareTexts(revision, await copyText(copy))
    const substantive = comparison.differences.filter((difference) => difference.substance)
    expect(substantive).toHaveLength(1)
    expect(substantive[0]).toMatchObject({ substance: true, ...expected })
    expect(comparison.substantiveWords).toBeGreaterThan(0)
  })
})
