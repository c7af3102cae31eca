/**
 * Read a detached signature file: exactly one OpenPGP signature packet of the
 * binary-document type (0x00), armored or not. Anything else — two packets,
 * two armor blocks, a cleartext-signed or inline-signed message, a key,
 * garbage — is refused with a reason, never half-read.
 */
import { enums, SignaturePacket } from 'openpgp'
import { latin1 } from '../encoding/bytes.js'
import { ArmorError, scanArmor } from './armor.js'

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
 *   The one signature packet. Throws a `SignatureFileError` saying what is
 *   wrong when the file is anything else.
 */
export async function readDetachedSignature(bytes: Uint8Array, type: enums.signature = enums.signature.binary): Promise<SignaturePacket> {
  const first = bytes.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
  if (first < 0) throw new SignatureFileError('Unexpected empty signature file')
  // A packet header always has its top bit set; armor is ASCII text.
  const binary = ((bytes[first] as number) & 0x80) === 0 ? dearmorSignature(bytes) : bytes
  const packets = framePackets(binary)
  const [packet] = packets
  if (packets.length !== 1 || !packet) {
    const names = packets.map(({ tag }) => packetName(tag))
    if (names.includes('literal data') || names.includes('one-pass signature') || names.includes('compressed data')) {
      throw new SignatureFileError(`Unexpected inline-signed message (${names.join(', ')}), expected a detached signature`)
    }
    throw new SignatureFileError(`Unexpected ${packets.length} packets (${names.join(', ')}), expected one signature`)
  }
  if (packet.tag !== enums.packet.signature) {
    throw new SignatureFileError(`Unexpected ${packetName(packet.tag)} packet, expected a signature`)
  }
  const signature = new SignaturePacket()
  try {
    signature.read(packet.body)
  } catch (error) {
    throw new SignatureFileError(`Unexpected malformed signature packet: ${(error as Error).message}`)
  }
  if (type === enums.signature.text && signature.signatureType === type) return signature
  if (signature.signatureType !== enums.signature.binary) {
    const kind = signature.signatureType === enums.signature.text ? 'canonical-text (0x01)' : `type 0x${hex(signature.signatureType)}`
    throw new SignatureFileError(`Unexpected ${kind} signature, expected a signature of a binary document (0x00)`)
  }
  return signature
}

/**
 * Split binary data into packets (RFC 9580 §4.2), bodies left unparsed. Only
 * the framing is read here: openpgp.js's `PacketList` pushes every packet
 * through web streams, which costs more than the RSA check it precedes, and
 * its `ignoreUnsupportedPackets` default would skip a stray packet instead of
 * counting it. Partial lengths are refused: they are only for data packets.
 */
function framePackets(bytes: Uint8Array): Array<{ tag: number; body: Uint8Array }> {
  const packets: Array<{ tag: number; body: Uint8Array }> = []
  let offset = 0
  while (offset < bytes.length) {
    const header = bytes[offset] as number
    if ((header & 0x80) === 0) throw new SignatureFileError(`Unexpected byte 0x${hex(header)} where a packet should start (offset ${offset})`)
    let tag: number
    let length: number
    let start: number
    if (header & 0x40) {
      tag = header & 0x3f
      const first = bytes[offset + 1] ?? 0
      if (first < 192) [length, start] = [first, offset + 2]
      else if (first < 224) [length, start] = [((first - 192) << 8) + (bytes[offset + 2] ?? 0) + 192, offset + 3]
      else if (first === 255) [length, start] = [readUint32(bytes, offset + 2), offset + 6]
      else throw new SignatureFileError(`Unexpected partial-length packet (offset ${offset}), expected a signature`)
    } else {
      tag = (header >> 2) & 0x0f
      const type = header & 0x03
      if (type === 3) throw new SignatureFileError(`Unexpected packet of indeterminate length (offset ${offset})`)
      const size = 1 << type
      length = 0
      for (let index = 1; index <= size; index++) length = length * 256 + (bytes[offset + index] ?? 0)
      start = offset + 1 + size
    }
    if (start + length > bytes.length) throw new SignatureFileError(`Unexpected end of data inside a packet (truncated?)`)
    packets.push({ tag, body: bytes.subarray(start, start + length) })
    offset = start + length
  }
  return packets
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) >>> 0) + ((bytes[offset + 1] ?? 0) << 16) + ((bytes[offset + 2] ?? 0) << 8) + (bytes[offset + 3] ?? 0)
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

function packetName(tag: number): string {
  const names: Record<number, string> = {
    [enums.packet.signature]: 'signature',
    [enums.packet.literalData]: 'literal data',
    [enums.packet.onePassSignature]: 'one-pass signature',
    [enums.packet.compressedData]: 'compressed data',
    [enums.packet.publicKey]: 'public key',
    [enums.packet.secretKey]: 'secret key',
    [enums.packet.userID]: 'user id',
    [enums.packet.marker]: 'marker',
  }
  return names[tag] ?? `tag ${tag}`
}

function hex(value: number | null): string {
  return (value ?? 0).toString(16).padStart(2, '0')
}
