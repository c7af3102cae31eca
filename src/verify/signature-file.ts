/**
 * Read a detached signature file: exactly one OpenPGP signature packet of the
 * binary-document type (0x00), armored or not, version 4 or 3 (GnuPG still
 * checks v3 signatures). Anything else — two packets, two armor blocks, a
 * cleartext-signed or inline-signed message, a key, garbage — is refused
 * with a reason, never half-read.
 */
import { latin1 } from '../encoding/bytes.js'
import { ArmorError, scanArmor } from './armor.js'
import { framePackets, PacketError, packetName, packetTags } from './packets.js'
import { type ParsedSignature, parseSignature } from './signature-packet.js'

/** Why a signature file was refused. */
export class SignatureFileError extends Error {
  override name = 'SignatureFileError'
}

/**
 * Parse the bytes of a detached signature file.
 *
 * @param bytes
 *   The file's bytes (armored or binary).
 * @param type
 *   The signature type expected: binary document (0x00, default), or
 *   canonical text (0x01, as in a cleartext-signed message).
 * @returns
 *   The one signature, read (its `problem` says when it cannot count). Throws
 *   a `SignatureFileError` saying what is wrong when the file is anything else.
 */
export async function readDetachedSignature(bytes: Uint8Array, type: number = 0x00): Promise<ParsedSignature> {
  const first = bytes.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
  if (first < 0) throw new SignatureFileError('Unexpected empty signature file')
  // A packet header always has its top bit set; armor is ASCII text.
  const binary = ((bytes[first] as number) & 0x80) === 0 ? dearmorSignature(bytes) : bytes
  let packets
  try {
    packets = framePackets(binary)
  } catch (error) {
    if (error instanceof PacketError) throw new SignatureFileError(error.message)
    throw error
  }
  const [packet] = packets
  if (packets.length !== 1 || !packet) {
    const names = packets.map(({ tag }) => packetName(tag))
    if (names.includes('literal data') || names.includes('one-pass signature') || names.includes('compressed data')) {
      throw new SignatureFileError(`Unexpected inline-signed message (${names.join(', ')}), expected a detached signature`)
    }
    throw new SignatureFileError(`Unexpected ${packets.length} packets (${names.join(', ')}), expected one signature`)
  }
  if (packet.tag !== packetTags.signature) {
    throw new SignatureFileError(`Unexpected ${packetName(packet.tag)} packet, expected a signature`)
  }
  let signature: ParsedSignature
  try {
    signature = await parseSignature(packet.body)
  } catch (error) {
    throw new SignatureFileError((error as Error).message)
  }
  // A cleartext-signed message is signed as canonical text (0x01); a file, as a binary document (0x00).
  if (type === 0x01 && signature.type === 0x01) return signature
  if (signature.type !== 0x00) {
    const kind = signature.type === 0x01 ? 'canonical-text (0x01)' : `type 0x${hex(signature.type)}`
    throw new SignatureFileError(`Unexpected ${kind} signature, expected a signature of a binary document (0x00)`)
  }
  return signature
}

function dearmorSignature(bytes: Uint8Array): Uint8Array {
  const text = latin1(bytes)
  if (/[^\t\n\r\x20-\x7e]/.test(text)) throw new SignatureFileError('Unexpected bytes that are neither OpenPGP packets nor ASCII armor')
  let scan
  try {
    scan = scanArmor(text)
  } catch (error) {
    if (error instanceof ArmorError) throw new SignatureFileError(error.message)
    throw error
  }
  const [block, ...rest] = scan.blocks
  if (!block) throw new SignatureFileError('Unexpected text with no `BEGIN PGP SIGNATURE` block')
  if (rest.length > 0) throw new SignatureFileError(`Unexpected ${scan.blocks.length} armor blocks, expected one signature`)
  if (block.type === 'MESSAGE') {
    throw new SignatureFileError('Unexpected OpenPGP message (`BEGIN PGP MESSAGE`, inline-signed?), expected a detached signature')
  }
  if (block.type !== 'SIGNATURE') {
    throw new SignatureFileError(`Unexpected \`BEGIN PGP ${block.type}\` block, expected \`BEGIN PGP SIGNATURE\``)
  }
  if (scan.textOutside) throw new SignatureFileError('Unexpected text outside the `BEGIN PGP SIGNATURE` block')
  return block.data
}

function hex(value: number | null): string {
  return (value ?? 0).toString(16).padStart(2, '0')
}
