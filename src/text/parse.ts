/**
 * `fromQsb`: text in, syntax tree out. The plain function does the work; the
 * `qsbParse` unified plugin only registers it as the parser.
 */
import type { Plugin } from 'unified'
import { VFile } from 'vfile'
import { buildTree, type GrammarOptions } from './grammar.js'
import { locate } from './location.js'
import { fail, warn } from './messages.js'
import { tokenize } from './tokenize.js'
import type { Root } from './types.js'

/** Options of {@link fromQsb}. */
export interface ParseOptions extends GrammarOptions {}

/** Anything {@link fromQsb} reads: a string, UTF-8 bytes, or a vfile. */
export type QsbInput = string | Uint8Array | VFile

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/**
 * Turn bytes or a string into a vfile whose value is a string, reporting what
 * the decoding had to repair.
 *
 * @param input
 *   The document.
 * @returns
 *   A vfile (the same one when a vfile with a string value was given).
 */
export function toFile(input: QsbInput): VFile {
  const file = input instanceof VFile ? input : new VFile()
  const raw = input instanceof VFile ? input.value : input
  const value = typeof raw === 'string' ? raw : decoder.decode(raw)
  file.value = value
  const nul = value.indexOf('\u0000')
  if (nul >= 0) fail(file, 'Unexpected NUL byte: this is binary data, not a bulletin', locate(file).point(nul), 'binary')
  const replacement = typeof raw === 'string' ? -1 : value.indexOf('\uFFFD')
  if (replacement >= 0) {
    warn(file, 'Unexpected byte sequence that is not UTF-8; replaced with `\uFFFD`', locate(file).point(replacement), 'encoding')
  }
  return file
}

/**
 * Parse a bulletin or canary into a syntax tree.
 *
 * @param input
 *   The document: a string, UTF-8 bytes, or a vfile (messages are added to it).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The tree. Throws a fatal `VFileMessage` (with `file`, `line`, `column`,
 *   `ruleId`) when the input is binary or holds no banner.
 */
export function fromQsb(input: QsbInput, options?: Readonly<ParseOptions> | null): Root {
  const file = toFile(input)
  return buildTree(tokenize(String(file.value)), file, options)
}

/**
 * unified plugin: use {@link fromQsb} as the parser.
 *
 * @example
 *   unified().use(qsbParse).use(qsbRecord).processSync(text).result
 */
export const qsbParse: Plugin<[(Readonly<ParseOptions> | null | undefined)?], string, Root> = function (options) {
  this.parser = (_document, file) => fromQsb(file, options)
}
