/**
 * `qsb match` over a batch: N scrapes generated from the real 2023 history
 * (the corpus bundle, cloned into a temporary folder), traced in one run of
 * the built command. Prints the wall time, and how many scrapes were traced to
 * the document they were made from and called faithful.
 *
 *   node bench/match.mjs [N]        (after `npm run build`; N defaults to 100)
 *
 * `QSB_CLI=path/to/qsb.js` times another build of the command (an older one, to compare).
 *
 * The scrapes carry only noise (see docs/guides/repost.md): underlines,
 * indentation, runs of spaces, blank lines, quote markers, the sign-off `--`
 * and URL, lone braces lost, paragraphs re-wrapped, site text added around. They
 * are made at run time from the clone and deleted after: no corpus text is
 * kept in the project.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bundle = resolve(root, '../shared/corpus/secpack-history-2023.bundle')

/** A small seeded generator (mulberry32): the same scrapes every run. */
export function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Copy a document as a scraper would, with noise only.
 *
 * @param text The document's text.
 * @param next A random source.
 * @returns The scrape.
 */
export function noisyScrape(text, next) {
  const coin = (p) => next() < p
  const dropUnderlines = coin(0.7)
  const dropIndent = coin(0.6)
  const squeeze = coin(0.5)
  const dropQuotes = coin(0.3)
  const dropSignoff = coin(0.5)
  const dropUrl = coin(0.4)
  const dropBraces = coin(0.5)
  const rewrap = coin(0.3)
  const blanks = coin(0.5)
  let lines = text.split('\n')
  const team = lines.findIndex((line) => line.trim() === 'The Qubes Security Team')
  lines = lines.flatMap((line, index) => {
    const bare = line.trim()
    if (dropUnderlines && /^(?:={2,}|-{3,}|~{3,})$/.test(bare)) return []
    if (dropSignoff && bare === '--') return []
    if (dropUrl && team >= 0 && index === team + 1 && /^https?:\/\//.test(bare)) return []
    if (dropBraces && /^[{}]$/.test(bare)) return []
    if (blanks && bare === '' && coin(0.3)) return []
    let out = line
    if (dropQuotes) out = out.replace(/^(\s*)\| ?/, '$1')
    if (dropIndent) out = out.trimStart()
    if (squeeze) out = out.replace(/(\S) {2,}/g, '$1 ')
    return [out]
  })
  if (rewrap) {
    // Join some lines of running text to the line before: a page re-flows paragraphs.
    lines = lines.reduce((kept, line) => {
      const previous = kept.at(-1)
      if (previous !== undefined && /^[a-z]/.test(line.trim()) && /[a-z,]$/.test(previous) && coin(0.3)) kept[kept.length - 1] = `${previous} ${line.trim()}`
      else kept.push(line)
      return kept
    }, [])
  }
  const site = ['Example Security News', '', 'Home | Advisories | About', '', 'Posted by the newsroom', '']
  return [...site, ...lines, '', 'Share this post', 'Copyright Example Security News', ''].join('\n')
}

function main() {
  const count = Number(process.argv[2] ?? 100)
  if (!existsSync(bundle)) {
    console.log(`match: ${bundle} not found, skipped`)
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'qsb-bench-match-'))
  try {
    const checkout = join(dir, 'secpack')
    execFileSync('git', ['clone', '--quiet', '-b', 'upto-2023', bundle, checkout])
    const documents = ['QSBs', 'canaries'].flatMap((folder) =>
      readdirSync(join(checkout, folder))
        .filter((name) => /^(?:qsb|canary)-\d{3}-\d{4}\.txt$/.test(name))
        .map((name) => `${folder}/${name}`),
    )
    documents.sort()
    const next = random(14)
    const scrapes = []
    for (let index = 0; index < count; index++) {
      const document = documents[Math.floor(next() * documents.length)]
      const file = join(dir, `scrape-${String(index).padStart(3, '0')}.txt`)
      writeFileSync(file, noisyScrape(readFileSync(join(checkout, document), 'utf8'), next))
      scrapes.push({ file, document })
    }
    const start = performance.now()
    const child = spawnSync(process.execPath, [process.env.QSB_CLI ?? join(root, 'dist/cli/qsb.js'), 'match', '--ndjson', '--secpack', checkout, ...scrapes.map((scrape) => scrape.file)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    })
    const seconds = (performance.now() - start) / 1000
    const results = child.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line))
    const byFile = new Map(results.map((result) => [result.file, result]))
    let right = 0
    let faithful = 0
    for (const scrape of scrapes) {
      const result = byFile.get(scrape.file)
      if (result?.document === scrape.document) right++
      if (result?.document === scrape.document && result.substance === false && result.revision?.signed) faithful++
    }
    console.log(
      `match: ${count} scrapes against the 2023 history in ${seconds.toFixed(1)} s (${((seconds * 1000) / count).toFixed(0)} ms each); ` +
        `${right} traced to their document, ${faithful} faithful to a signed revision (exit ${child.status})`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
