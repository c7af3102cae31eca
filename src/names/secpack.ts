/**
 * The naming conventions of the Qubes security pack, in one place: which
 * folders hold what, how documents are named (`qsb-080-2022.txt`,
 * `canary-025-2020.txt`), and how detached signatures name the file they
 * sign and their signer (`NAME.sig.<signer>`, and `NAME.sign.<signer>` as two
 * old bulletins have). Pure string work: every room may use it, it uses none.
 *
 * ```
 * document  = ("qsb" | "canary") "-" DIGIT{3} "-" DIGIT{4} ".txt"
 * template  = LOWER+ "-template.txt"
 * signature = NAME ".sig." SIGNER | NAME ".sign." SIGNER     (SIGNER may be empty: no signer named)
 * ```
 *
 * A name may hold `.sig.` more than once (`a.txt.sig.x.sig.y` signs
 * `a.txt.sig.x`): among the files of a folder, a signature belongs to the
 * longest name before one of its `.sig.`/`.sign.` that is there. That is
 * also what git's pathspecs `NAME NAME.sig.* NAME.sign.*` select, so a
 * checkout, a history walk and a single `qsb verify FILE` agree.
 */

/** The folders of a checkout that hold bulletins and canaries. */
export const documentFolders = ['QSBs', 'canaries'] as const

/** The folders of a checkout that hold the keys `qsb` reads. */
export const keyFolders = ['keys/master-key', 'keys/security-team', 'keys/security-team/retired'] as const

/** What a file is, by its name. */
export type FileKind = 'bulletin' | 'canary' | 'template' | 'other'

/** A document's name taken apart. */
export interface DocumentName {
  kind: 'bulletin' | 'canary'
  /** The number in the name (`80` for `qsb-080-2022.txt`). */
  number: number
  /** The year in the name. */
  year: number
}

/** A signature file's name taken apart. */
export interface SignatureName {
  /** Name of the file it signs (`qsb-080-2022.txt`). */
  document: string
  /** The name in the suffix (`marmarek`), or null when the suffix is empty. */
  signer: string | null
}

// Three digits at least (`qsb-080-2022.txt`); a thousandth bulletin gets four.
const documentPattern = /^(qsb|canary)-(\d{3,})-(\d{4})\.txt$/
const templatePattern = /^[a-z]+-template\.txt$/
const signatureInfix = /\.sign?\./g

/**
 * The last component of a path or URL (query and fragment removed).
 *
 * @param path
 *   A path (`/` or `\` separators) or URL.
 * @returns
 *   The file name.
 */
export function baseName(path: string): string {
  return path.replace(/[?#].*$/, '').replace(/^.*[\\/]/, '')
}

/**
 * Take a document's name apart.
 *
 * @param path
 *   A path or file name (only the last component counts).
 * @returns
 *   Kind, number and year, or null when it is not named as a bulletin or canary.
 */
export function documentName(path: string): DocumentName | null {
  const match = documentPattern.exec(baseName(path))
  if (!match) return null
  return { kind: match[1] === 'qsb' ? 'bulletin' : 'canary', number: Number(match[2]), year: Number(match[3]) }
}

/**
 * Whether a name is that of a bulletin or canary.
 *
 * @param name
 *   File name or path.
 * @returns
 *   True for `qsb-NNN-YYYY.txt` and `canary-NNN-YYYY.txt`.
 */
export function isDocumentName(name: string): boolean {
  return documentName(name) !== null
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
  const document = documentName(name)
  if (document) return document.kind
  return templatePattern.test(name) ? 'template' : 'other'
}

/**
 * Every name a signature file could sign: the prefix before each of its
 * `.sig.`/`.sign.` (git's pathspecs `NAME.sig.*` and `NAME.sign.*` match it
 * for each), longest first.
 *
 * @param name
 *   File name, without folder.
 * @returns
 *   Candidate document names; empty when the name is no signature file's.
 */
export function signedCandidates(name: string): string[] {
  const found: string[] = []
  for (const match of name.matchAll(signatureInfix)) if (match.index > 0) found.push(name.slice(0, match.index))
  return found.reverse()
}

/**
 * Every name a tree entry belongs to under git's pathspecs `DOC`, `DOC.sig.*`
 * and `DOC.sign.*`: the name itself, then each document it could sign.
 *
 * @param name
 *   File name, without folder.
 * @returns
 *   The name itself first, then the candidates, shortest first.
 */
export function pathspecOwners(name: string): string[] {
  return [name, ...signedCandidates(name).reverse()]
}

/**
 * Take a signature file's name apart, without knowing its folder: the last
 * `.sig.`/`.sign.` decides.
 *
 * @param path
 *   A path, file name or URL (`…/qsb-088-2023.txt.sig.simon?raw=1`).
 * @returns
 *   What it signs and who it names, or null when it is no signature file.
 */
export function signatureName(path: string): SignatureName | null {
  const name = baseName(path)
  const document = signedCandidates(name)[0]
  return document === undefined ? null : { document, signer: signerIn(document, name) }
}

/**
 * The signer a signature file's name claims.
 *
 * @param path
 *   A path, file name or URL.
 * @returns
 *   The name after the last `.sig.` or `.sign.`, or null.
 */
export function signerOf(path: string): string | null {
  return signatureName(path)?.signer ?? null
}

/**
 * The signer named by a signature file of a known document.
 *
 * @param document
 *   The document's file name.
 * @param name
 *   The signature file's name (`DOC.sig.SIGNER` or `DOC.sign.SIGNER`).
 * @returns
 *   SIGNER, or null when empty.
 */
export function signerIn(document: string, name: string): string | null {
  const rest = name.slice(document.length).replace(/^\.sign?\./, '')
  return rest === '' ? null : rest
}

/**
 * Sort the names of one folder into files and the signature files of each:
 * a signature belongs to the longest name it could sign that is in the folder.
 *
 * @param names
 *   Every file name in the folder.
 * @returns
 *   For each name that is not a signature of another file there: its
 *   signature files, sorted. A signature whose file is missing is a file of its own.
 */
export function groupSignatures(names: Iterable<string>): Map<string, string[]> {
  const all = new Set(names)
  const groups = new Map<string, string[]>()
  const owners = new Map<string, string>()
  for (const name of [...all].sort()) {
    const owner = signedCandidates(name).find((candidate) => all.has(candidate))
    if (owner) owners.set(name, owner)
    else groups.set(name, [])
  }
  for (const [name, owner] of owners) {
    // The owner may itself be a signature of another file: it is still the file this one signs.
    let list = groups.get(owner)
    if (!list) {
      list = []
      groups.set(owner, list)
    }
    list.push(name)
  }
  return groups
}

/**
 * Whether a name is a signature file's.
 *
 * @param name
 *   A file name, path or URL.
 * @returns
 *   True for `NAME.sig.<signer>` and `NAME.sign.<signer>`.
 */
export function isSignatureName(name: string): boolean {
  return signatureName(name) !== null
}

/** The folder of a checkout that holds the ISO `DIGESTS` files. */
export const digestsFolder = 'digests'

/** An ISO `DIGESTS` file's name taken apart. */
export interface DigestsName {
  /** The file it holds digests of (`Qubes-R4.2.0-rc1-x86_64.iso`). */
  iso: string
  /** The release version in the name (`4.2.0-rc1`), or null when the name gives none. */
  version: string | null
}

const digestsPattern = /^(.+)\.DIGESTS$/
const releasePattern = /^Qubes-R(\d+(?:\.\d+)*(?:-(?:rc|beta|alpha)\d*)?)(?=[-.])/i

/**
 * Take an ISO `DIGESTS` file's name apart (`Qubes-R4.2.0-rc1-x86_64.iso.DIGESTS`).
 *
 * @param path
 *   A path or file name.
 * @returns
 *   The ISO's name and release version, or null when the name does not end in `.DIGESTS`.
 */
export function digestsName(path: string): DigestsName | null {
  const iso = digestsPattern.exec(baseName(path))?.[1]
  return iso ? { iso, version: releaseVersion(iso) } : null
}

/**
 * The release version a Qubes ISO's name gives.
 *
 * @param name
 *   A file name (`Qubes-R4.2.0-rc1-x86_64.iso`, `Qubes-R3.0-x86_64-DVD.iso`).
 * @returns
 *   `4.2.0-rc1`, `3.0`, or null.
 */
export function releaseVersion(name: string): string | null {
  return releasePattern.exec(baseName(name))?.[1] ?? null
}
