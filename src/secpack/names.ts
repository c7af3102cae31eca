/**
 * File names of a secpack checkout: documents (`qsb-080-2022.txt`,
 * `canary-025-2020.txt`), templates, and detached signatures
 * (`NAME.sig.<signer>`, and `NAME.sign.<signer>` as two old bulletins have).
 */
import type { FileKind } from './types.js'

/** The folders of a checkout that hold documents and their signatures. */
export const documentFolders = ['QSBs', 'canaries'] as const

const documentPattern = /^(qsb|canary)-\d{3}-\d{4}\.txt$/
const signaturePattern = /\.(sig|sign)\.([^/]*)$/

/** A signature file name taken apart. */
export interface SignatureName {
  /** Name of the file it signs (`qsb-080-2022.txt`). */
  document: string
  /** The name in the suffix (`marmarek`), or null when the suffix is empty. */
  signer: string | null
}

/**
 * What a file is, by its name.
 *
 * @param name
 *   File name, without folder.
 * @returns
 *   `bulletin`, `canary`, `template` (`qsb-template.txt`), or `other`.
 */
export function kindOf(name: string): FileKind {
  const document = documentPattern.exec(name)
  if (document) return document[1] === 'qsb' ? 'bulletin' : 'canary'
  return /^[a-z]+-template\.txt$/.test(name) ? 'template' : 'other'
}

/**
 * Whether a name is that of a bulletin or canary (`qsb-NNN-YYYY.txt`, `canary-NNN-YYYY.txt`).
 *
 * @param name
 *   File name, without folder.
 * @returns
 *   True for a document.
 */
export function isDocumentName(name: string): boolean {
  return documentPattern.test(name)
}

/**
 * Take a signature file name apart.
 *
 * @param name
 *   File name, without folder.
 * @returns
 *   What it signs and who signed it, or null when it is no signature file.
 */
export function signatureName(name: string): SignatureName | null {
  // The last `.sig.`/`.sign.` decides: `a.txt.sig.x` signs `a.txt`.
  const match = signaturePattern.exec(name)
  if (!match || match.index === 0) return null
  return { document: name.slice(0, match.index), signer: match[2] === '' ? null : (match[2] ?? null) }
}

/**
 * Every name a tree entry belongs to under git's pathspecs `DOC`, `DOC.sig.*`
 * and `DOC.sign.*`: the name itself and each prefix before a `.sig.` or `.sign.`.
 *
 * @param name
 *   File name, without folder.
 * @returns
 *   The document names whose pathspecs match it, the name itself first.
 */
export function pathspecOwners(name: string): string[] {
  const owners = [name]
  for (const match of name.matchAll(/\.sign?\./g)) {
    if (match.index > 0) owners.push(name.slice(0, match.index))
  }
  return owners
}

/**
 * The signer of a signature file that belongs to a document.
 *
 * @param document
 *   The document's file name.
 * @param name
 *   A name {@link pathspecOwners} gave to that document, other than the document itself.
 * @returns
 *   The name after `DOC.sig.` or `DOC.sign.`, or null when empty.
 */
export function signerOf(document: string, name: string): string | null {
  const rest = name.slice(document.length).replace(/^\.sign?\./, '')
  return rest === '' ? null : rest
}
