/**
 * Read a detached signature file: exactly one OpenPGP signature packet of the
 * binary-document type (0x00), armored or not. Anything else — two packets,
 * two armor blocks, a cleartext-signed or inline-signed message, a key,
 * garbage — is refused with a reason, never half-read.
 */
import {
  AEADEncryptedDataPacket,
  CompressedDataPacket,
  type Config,
  config as defaultConfig,
  enums,
  LiteralDataPacket,
  MarkerPacket,
  OnePassSignaturePacket,
  PacketList,
  PublicKeyEncryptedSessionKeyPacket,
  PublicKeyPacket,
  PublicSubkeyPacket,
  SecretKeyPacket,
  SecretSubkeyPacket,
  SignaturePacket,
  SymEncryptedIntegrityProtectedDataPacket,
  SymEncryptedSessionKeyPacket,
  SymmetricallyEncryptedDataPacket,
  TrustPacket,
  UserAttributePacket,
  UserIDPacket,
} from 'openpgp'
import { ArmorError, scanArmor } from './armor.js'

/** Why a signature file was refused. */
export class SignatureFileError extends Error {
  override name = 'SignatureFileError'
}

// Every packet type is allowed in so that a stray one is counted and named,
// not skipped: strict parsing, nothing ignored.
const allPackets = Object.fromEntries(
  [
    AEADEncryptedDataPacket,
    CompressedDataPacket,
    LiteralDataPacket,
    MarkerPacket,
    OnePassSignaturePacket,
    PublicKeyEncryptedSessionKeyPacket,
    PublicKeyPacket,
    PublicSubkeyPacket,
    SecretKeyPacket,
    SecretSubkeyPacket,
    SignaturePacket,
    SymEncryptedIntegrityProtectedDataPacket,
    SymEncryptedSessionKeyPacket,
    SymmetricallyEncryptedDataPacket,
    TrustPacket,
    UserAttributePacket,
    UserIDPacket,
  ].map((packet) => [packet.tag, packet]),
) as unknown as Parameters<typeof PacketList.fromBinary>[1]

const strictConfig: Config = { ...defaultConfig, ignoreUnsupportedPackets: false, ignoreMalformedPackets: false }

/**
 * Parse the bytes of a detached signature file.
 *
 * @param bytes
 *   The file's bytes (armored or binary).
 * @returns
 *   The one signature packet. Throws a `SignatureFileError` saying what is
 *   wrong when the file is anything else.
 */
export async function readDetachedSignature(bytes: Uint8Array): Promise<SignaturePacket> {
  const packets = await readPackets(bytes)
  if (packets.length !== 1) {
    const names = packets.map((packet) => packetName(packet))
    if (names.includes('literal data') || names.includes('one-pass signature') || names.includes('compressed data')) {
      throw new SignatureFileError(`Unexpected inline-signed message (${names.join(', ')}), expected a detached signature`)
    }
    throw new SignatureFileError(`Unexpected ${packets.length} packets (${names.join(', ') || 'none'}), expected one signature`)
  }
  const packet = packets[0]
  if (!(packet instanceof SignaturePacket)) {
    throw new SignatureFileError(`Unexpected ${packetName(packet)} packet, expected a signature`)
  }
  if (packet.signatureType !== enums.signature.binary) {
    const kind = packet.signatureType === enums.signature.text ? 'canonical-text (0x01)' : `type 0x${hex(packet.signatureType)}`
    throw new SignatureFileError(`Unexpected ${kind} signature, expected a signature of a binary document (0x00)`)
  }
  return packet
}

async function readPackets(bytes: Uint8Array): Promise<unknown[]> {
  let binary = bytes
  const first = bytes.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
  if (first < 0) throw new SignatureFileError('Unexpected empty signature file')
  // A packet header always has its top bit set; armor is ASCII text.
  if (((bytes[first] as number) & 0x80) === 0) binary = dearmorSignature(bytes)
  try {
    return [...(await PacketList.fromBinary(binary, allPackets, strictConfig))]
  } catch (error) {
    throw new SignatureFileError(`Unexpected malformed OpenPGP data: ${(error as Error).message}`)
  }
}

function dearmorSignature(bytes: Uint8Array): Uint8Array {
  if (bytes.some((byte) => byte > 0x7e || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d))) {
    throw new SignatureFileError('Unexpected bytes that are neither OpenPGP packets nor ASCII armor')
  }
  let scan
  try {
    scan = scanArmor(Buffer.from(bytes).toString('latin1'))
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

function packetName(packet: unknown): string {
  const tag = (packet as { constructor: { tag?: number } }).constructor.tag
  if (tag === undefined) return 'unknown'
  const names: Record<number, string> = {
    [enums.packet.signature]: 'signature',
    [enums.packet.literalData]: 'literal data',
    [enums.packet.onePassSignature]: 'one-pass signature',
    [enums.packet.compressedData]: 'compressed data',
    [enums.packet.publicKey]: 'public key',
    [enums.packet.userID]: 'user id',
  }
  return names[tag] ?? `tag ${tag}`
}

function hex(value: number | null): string {
  return (value ?? 0).toString(16).padStart(2, '0')
}
