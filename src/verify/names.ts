/**
 * The secpack's naming convention for detached signatures: `NAME.sig.<signer>`
 * (and `NAME.sign.<signer>` in the oldest bulletins). Pure string work, shared
 * by the verifier (sibling files) and `sources/` (attachments, `Source:` links).
 */

const signaturePattern = /\.sign?\.([A-Za-z0-9][A-Za-z0-9_-]*)$/

/**
 * The signer a signature file's name claims.
 *
 * @param path
 *   A path, file name or URL (`qsb-099-2024.txt.sig.marmarek`, `…/qsb-088-2023.txt.sig.simon?raw=1`).
 * @returns
 *   The name after `.sig.` or `.sign.`, or null.
 */
export function signerOf(path: string): string | null {
  const name = path.replace(/[?#].*$/, '').replace(/^.*[\\/]/, '')
  return signaturePattern.exec(name)?.[1] ?? null
}

/**
 * Whether a file name is a signature file's.
 *
 * @param name
 *   A file name.
 * @returns
 *   True for `NAME.sig.<signer>` and `NAME.sign.<signer>`.
 */
export function isSignatureName(name: string): boolean {
  return signaturePattern.test(name)
}
