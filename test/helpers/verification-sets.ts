/**
 * Verification inputs as bytes — keys, documents and their detached
 * signatures — read from the fixtures and (when present) the corpus, for
 * checks that must give the same verdicts wherever they run: Node's crypto
 * or WebCrypto, Node or a browser.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { groupSignatures, signerOf } from '../../src/names/secpack.js'
import { corpusPath } from './corpus.js'
import { fingerprints, fixture, fixturesDir } from './keys.js'

/** A key file. */
export interface KeyFile {
  source: string
  bytes: Uint8Array
}

/** A document with its signatures. */
export interface SignedDocument {
  /** Its path, relative to the set's folder (`QSBs/qsb-902-2022.txt`, `tampered: …`). */
  name: string
  bytes: Uint8Array
  signatures: Array<{ source: string; signer: string | null; bytes: Uint8Array }>
}

/** Keys, the pin, and the documents to verify with them. */
export interface VerificationSet {
  name: string
  keys: KeyFile[]
  /** The master key's fingerprint; undefined: the Qubes Master Signing Key's. */
  master: string | undefined
  documents: SignedDocument[]
}

/** Every `.asc` file under a folder (not in a `secret/` folder), sorted, relative to `base`. */
function keyFiles(folder: string, base: string): KeyFile[] {
  const found: KeyFile[] = []
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) {
      if (name !== 'secret') found.push(...keyFiles(path, base))
    } else if (name.endsWith('.asc')) found.push({ source: relative(base, path), bytes: readFileSync(path) })
  }
  return found
}

/** The documents of a folder (files that are no signature and match `pattern`) with their signatures. */
function documentsIn(folder: string, base: string, pattern: RegExp): SignedDocument[] {
  const groups = groupSignatures(readdirSync(folder).filter((name) => statSync(join(folder, name)).isFile()))
  return [...groups]
    .filter(([name]) => pattern.test(name))
    .map(([name, signatures]) => ({
      name: relative(base, join(folder, name)),
      bytes: readFileSync(join(folder, name)),
      signatures: signatures.map((signature) => ({
        source: relative(base, join(folder, signature)),
        signer: signerOf(signature),
        bytes: readFileSync(join(folder, signature)),
      })),
    }))
}

/** A copy of a document with one byte changed: its signatures must all be `bad`. */
export function tampered(document: SignedDocument): SignedDocument {
  const bytes = Uint8Array.from(document.bytes)
  const index = bytes.indexOf(0x51) // the first `Q`, in the banner
  bytes[index] = 0x71 // `q`
  return { ...document, name: `tampered: ${document.name}`, bytes }
}

/**
 * The fixture sets: the fixture checkout (with a tampered copy of each
 * document), every adversarial signature case, and a checkout shipping its
 * own master key under the real pin.
 *
 * @returns
 *   The sets.
 */
export function fixtureSets(): VerificationSet[] {
  const keys = [...keyFiles(fixture('secpack/keys'), fixturesDir), ...keyFiles(fixture('keys'), fixturesDir)]
  const checkout = ['QSBs', 'canaries'].flatMap((folder) => documentsIn(fixture('secpack', folder), fixturesDir, /\.txt$/))
  return [
    { name: 'fixture checkout', keys, master: fingerprints.master, documents: [...checkout, ...checkout.map(tampered)] },
    { name: 'adversarial signatures', keys, master: fingerprints.master, documents: documentsIn(fixture('signatures'), fixturesDir, /\.txt$/) },
    {
      name: 'a checkout shipping its own master key, under the real pin',
      keys: keyFiles(fixture('fake-secpack/keys'), fixturesDir),
      master: undefined,
      documents: documentsIn(fixture('fake-secpack/QSBs'), fixturesDir, /\.txt$/),
    },
  ]
}

/**
 * The corpus set: every document of the real secpack with its signatures and
 * the checkout's keys, under the real pin. Only when the corpus is there.
 *
 * @returns
 *   The set.
 */
export function corpusSet(): VerificationSet {
  const base = corpusPath('secpack')
  return {
    name: 'the corpus secpack',
    keys: keyFiles(corpusPath('secpack/keys'), base),
    master: undefined,
    documents: ['QSBs', 'canaries'].flatMap((folder) => documentsIn(corpusPath('secpack', folder), base, /\.(?:txt|dot)$/)),
  }
}
