/**
 * OpenPGP packet framing (RFC 9580 §4.2), bodies left unparsed, for
 * signature files and key files alike.
 *
 * Why not openpgp.js's `PacketList`: it pushes every packet through web
 * streams, which costs more than the RSA check it precedes, and with its
 * `ignoreUnsupportedPackets` default it skips a packet it cannot read
 * instead of saying so — a v3 revocation or a key of an unknown algorithm
 * would vanish. Here every packet is counted and named.
 *
 * Partial lengths are refused: they are only for data packets, which neither
 * a detached signature nor a key holds.
 */

/** Why bytes are not a sequence of whole packets. */
export class PacketError extends Error {
  override name = 'PacketError'
}

/** One packet: its tag and its body. */
export interface Packet {
  /** Packet type id (2 signature, 6 public key, 13 user id, 14 public subkey, …). */
  tag: number
  /** The body, after the header. */
  body: Uint8Array
  /** Offset of the header in the input. */
  offset: number
}

/** Packet tags by name (RFC 9580 §5). */
export const packetTags = {
  signature: 2,
  secretKey: 5,
  publicKey: 6,
  secretSubkey: 7,
  compressedData: 8,
  marker: 10,
  literalData: 11,
  trust: 12,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
  onePassSignature: 4,
} as const

const tagNames = new Map<number, string>([
  [packetTags.signature, 'signature'],
  [packetTags.secretKey, 'secret key'],
  [packetTags.publicKey, 'public key'],
  [packetTags.secretSubkey, 'secret subkey'],
  [packetTags.compressedData, 'compressed data'],
  [packetTags.marker, 'marker'],
  [packetTags.literalData, 'literal data'],
  [packetTags.trust, 'trust'],
  [packetTags.userId, 'user id'],
  [packetTags.publicSubkey, 'public subkey'],
  [packetTags.userAttribute, 'user attribute'],
  [packetTags.onePassSignature, 'one-pass signature'],
])

/**
 * Name a packet type.
 *
 * @param tag
 *   Packet type id.
 * @returns
 *   Its name (`public key`), or `tag N`.
 */
export function packetName(tag: number): string {
  return tagNames.get(tag) ?? `tag ${tag}`
}

/**
 * Split binary data into packets.
 *
 * @param bytes
 *   The packets, back to back.
 * @returns
 *   Every packet. Throws a `PacketError` for bytes that are not whole
 *   packets (a stray byte, a truncated body, a partial length).
 */
export function framePackets(bytes: Uint8Array): Packet[] {
  const packets: Packet[] = []
  let offset = 0
  while (offset < bytes.length) {
    const header = bytes[offset] as number
    if ((header & 0x80) === 0) throw new PacketError(`Unexpected byte 0x${hex(header)} where a packet should start (offset ${offset})`)
    let tag: number
    let length: number
    let start: number
    if (header & 0x40) {
      tag = header & 0x3f
      const first = bytes[offset + 1] ?? 0
      if (first < 192) [length, start] = [first, offset + 2]
      else if (first < 224) [length, start] = [((first - 192) << 8) + (bytes[offset + 2] ?? 0) + 192, offset + 3]
      else if (first === 255) [length, start] = [readUint32(bytes, offset + 2), offset + 6]
      else throw new PacketError(`Unexpected partial-length packet (offset ${offset}), expected a signature or key packet`)
    } else {
      tag = (header >> 2) & 0x0f
      const type = header & 0x03
      if (type === 3) throw new PacketError(`Unexpected packet of indeterminate length (offset ${offset})`)
      const size = 1 << type
      length = 0
      for (let index = 1; index <= size; index++) length = length * 256 + (bytes[offset + index] ?? 0)
      start = offset + 1 + size
    }
    if (start + length > bytes.length) throw new PacketError('Unexpected end of data inside a packet (truncated?)')
    packets.push({ tag, body: bytes.subarray(start, start + length), offset })
    offset = start + length
  }
  return packets
}

/**
 * A big-endian unsigned 32-bit number.
 *
 * @param bytes
 *   The bytes.
 * @param offset
 *   Where the number starts.
 * @returns
 *   The number (0 for missing bytes).
 */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) >>> 0) + ((bytes[offset + 1] ?? 0) << 16) + ((bytes[offset + 2] ?? 0) << 8) + (bytes[offset + 3] ?? 0)
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0')
}
