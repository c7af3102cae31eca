/**
 * `detectFormat`: which container an input is, from its first bytes.
 */
import { tokenize } from '../text/index.js'
import type { DetectOptions, Format } from './types.js'

/** How much of the input detection reads: a container shows itself early. */
const window = 64 * 1024

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })

/** Header fields that only mail has (`Date:` and `Title:` also start blog front matter). */
const mailFields = /^(?:from|to|cc|subject|mime-version|message-id|received|return-path|delivered-to|content-type|x-[\w-]+|in-reply-to|references|sender|reply-to):/i
const headerLine = /^[!-9;-~]+:/
const htmlStart = /^<(?:!doctype\s+html|html|head|body|meta|title|link|article|main|div|section|pre|p|h[1-6])[\s/>]/i
const fence = /^ {0,3}(?:`{3,}|~{3,})/

/**
 * Tell which container holds the input, from its bytes.
 *
 * - `secpack`: the text itself: blank lines, then a `---===[ Qubes Security
 *   Bulletin …` or `Qubes Canary` banner;
 * - `email`: an mbox (`From ` line, then headers) or a message whose first
 *   lines are RFC 5322 headers, at least one of them a mail field (`From:`,
 *   `Subject:`, `MIME-Version:`, …);
 * - `html`: markup from the first non-blank character (`<!doctype`, `<html`, a tag);
 * - `markdown`: YAML front matter (`---` … `---`), or a code fence before the
 *   first banner;
 * - `plain`: anything else (a paste, a scrape), unless the name says `.md` or
 *   `.html`, which then breaks the tie.
 *
 * @param input
 *   The input: bytes (read as UTF-8) or text.
 * @param options
 *   Configuration (optional).
 * @returns
 *   The format.
 */
export function detectFormat(input: Uint8Array | string, options?: Readonly<DetectOptions> | null): Format {
  const head =
    typeof input === 'string' ? input.slice(0, window) : decoder.decode(input.subarray(0, window), { stream: true })
  const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/)
  const first = lines.findIndex((line) => line.trim() !== '')
  const firstLine = lines[first] ?? ''
  if (first >= 0 && tokenize(firstLine)[0]?.kind === 'banner') return 'secpack'
  if (first === 0 && isMail(lines)) return 'email'
  if (htmlStart.test(firstLine.trimStart())) return 'html'
  if (isMarkdown(lines)) return 'markdown'
  const extension = /\.[^./\\]*$/.exec(options?.path ?? '')?.[0].toLowerCase() ?? ''
  if (extension === '.md' || extension === '.markdown') return 'markdown'
  if (extension === '.html' || extension === '.htm' || extension === '.xhtml') return 'html'
  return 'plain'
}

function isMail(lines: readonly string[]): boolean {
  let index = 0
  // mbox: a `From ` separator line, then the first message's headers.
  if (/^From \S/.test(lines[0] ?? '')) index = 1
  let fields = 0
  let headers = 0
  for (; index < lines.length; index++) {
    const line = lines[index] as string
    if (line === '') break
    if (/^[ \t]/.test(line) && headers > 0) continue
    if (!headerLine.test(line)) return false
    headers++
    if (mailFields.test(line)) fields++
  }
  return fields > 0
}

function isMarkdown(lines: readonly string[]): boolean {
  if (lines[0] === '---' && lines.indexOf('---', 1) > 0) return true
  for (const line of lines) {
    if (fence.test(line)) return true
    if (tokenize(line)[0]?.kind === 'banner') return false
  }
  return false
}
