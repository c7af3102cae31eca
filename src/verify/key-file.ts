/**
 * A key file read into keys and loose signatures, packet by packet, the way
 * GnuPG imports it. A key file may hold, armored or binary:
 *
 *     transferable-key = primary-key *signature          ; direct (0x1F) and key revocations (0x20)*
 *                        *( user-id *signature )          ; self-certifications, certifications, 0x30
 *                        *( user-attribute *signature )   ; photos: read past
 *                        *( subkey *signature )           ; bindings (0x18), subkey revocations (0x28)
 *     key-file         = *( transferable-key / signature )
 *
 * (RFC 9580 §10.1). *A direct-key signature or key revocation found later
 * in the key, after a user id or subkey, still applies to the key, as GnuPG's
 * import moves it there. A signature before any key is a loose one: a
 * revocation certificate (`gpg --gen-revoke` writes a lone 0x20 in a `PUBLIC
 * KEY BLOCK`), which the keyring applies to the key it revokes. Nothing is
 * dropped silently: a packet that cannot be read or has no place becomes a
 * diagnostic naming the file.
 */
import type { UserIDPacket } from 'openpgp'
import { latin1 } from '../encoding/bytes.js'
import { ArmorError, scanArmor } from './armor.js'
import { type KeyPacketInfo, readKeyPacket } from './key-packet.js'
import { framePackets, type Packet, PacketError, packetName, packetTags } from './packets.js'
import { loadOpenpgp, openpgp } from './openpgp.js'
import { type ParsedSignature, parseSignature } from './signature-packet.js'

/** A user id with the signatures that follow it. */
export interface RawUser {
  /** The user id as text (UTF-8, as openpgp.js decodes it). */
  text: string
  /** openpgp.js's packet; it writes back exactly the bytes read, for hashing. */
  packet: UserIDPacket
  /** Signatures on it, in file order. */
  signatures: ParsedSignature[]
}

/** A subkey with the signatures that follow it. */
export interface RawSubkey {
  key: KeyPacketInfo
  signatures: ParsedSignature[]
}

/** One transferable public key, as written in a file. */
export interface RawKey {
  key: KeyPacketInfo
  /** Signatures right after the key packet (direct-key signatures, key revocations). */
  direct: ParsedSignature[]
  users: RawUser[]
  subkeys: RawSubkey[]
}

/** What a key file holds. */
export interface KeyFile {
  keys: RawKey[]
  /** Signatures standing alone (revocation certificates). */
  loose: ParsedSignature[]
  /** What could not be read, each naming the file. */
  diagnostics: string[]
}

/** Armor types a key file may hold: keys, and revocation certificates (armored as keys or as signatures). */
const keyArmorTypes = new Set(['PUBLIC KEY BLOCK', 'SIGNATURE', 'PRIVATE KEY BLOCK'])

/**
 * Read a key file.
 *
 * @param source
 *   Where it came from (for messages).
 * @param bytes
 *   Its bytes, armored (one or more blocks) or binary.
 * @returns
 *   Its keys and loose signatures, and diagnostics for the rest. Never throws.
 */
export async function readKeyFile(source: string, bytes: Uint8Array): Promise<KeyFile> {
  const file: KeyFile = { keys: [], loose: [], diagnostics: [] }
  // Key packets and user ids are read with openpgp.js (a user id may come first in a malformed file).
  await loadOpenpgp()
  const first = bytes.findIndex((byte) => byte > 0x20)
  try {
    if (first >= 0 && ((bytes[first] as number) & 0x80) !== 0) {
      await readPackets(source, framePackets(bytes), file)
      return file
    }
    const text = latin1(bytes)
    const { blocks } = scanArmor(text)
    for (const block of blocks) {
      if (!keyArmorTypes.has(block.type)) {
        file.diagnostics.push(`${source}: ignored a \`BEGIN PGP ${block.type}\` block (line ${block.line}), expected public keys`)
        continue
      }
      await readPackets(`${source} (block on line ${block.line})`, framePackets(block.data), file)
    }
    if (blocks.length === 0) {
      // `gpg --gen-revoke` disarms its output with a colon before the BEGIN line; GnuPG will not import it so.
      file.diagnostics.push(
        /^:-----BEGIN PGP/m.test(text)
          ? `${source}: a revocation certificate disarmed by a colon before \`-----BEGIN\`: not applied (GnuPG will not import it either)`
          : `${source}: no \`BEGIN PGP PUBLIC KEY BLOCK\` found`,
      )
    }
  } catch (error) {
    const reason = error instanceof ArmorError || error instanceof PacketError ? error.message : `unreadable keys: ${(error as Error).message}`
    file.diagnostics.push(`${source}: ${reason}`)
  }
  return file
}

async function readPackets(source: string, packets: Packet[], file: KeyFile): Promise<void> {
  let key: RawKey | null = null
  // Where the next signatures go: the key itself, a user id, a subkey, or nowhere (after a user attribute).
  let target: ParsedSignature[] | null = null
  for (const packet of packets) {
    const where = `${source}, offset ${packet.offset}`
    switch (packet.tag) {
      case packetTags.publicKey:
      case packetTags.secretKey: {
        const info = await keyInfo(packet, false)
        key = { key: info, direct: [], users: [], subkeys: [] }
        file.keys.push(key)
        target = key.direct
        break
      }
      case packetTags.publicSubkey:
      case packetTags.secretSubkey: {
        if (!key) {
          file.diagnostics.push(`${where}: a subkey with no primary key before it: ignored`)
          target = null
          break
        }
        const subkey: RawSubkey = { key: await keyInfo(packet, true), signatures: [] }
        key.subkeys.push(subkey)
        target = subkey.signatures
        break
      }
      case packetTags.userId: {
        if (!key) {
          file.diagnostics.push(`${where}: a user id with no key before it: ignored`)
          target = null
          break
        }
        const user: RawUser = { ...userIdOf(packet.body), signatures: [] }
        key.users.push(user)
        target = user.signatures
        break
      }
      case packetTags.userAttribute:
        target = null
        break
      case packetTags.signature: {
        let signature: ParsedSignature
        try {
          signature = await parseSignature(packet.body)
        } catch (error) {
          file.diagnostics.push(`${where}: skipped a signature that cannot be read: ${(error as Error).message}`)
          break
        }
        if (!key) file.loose.push(signature)
        // Direct-key signatures and key revocations count wherever they stand in the key (GnuPG's import moves them).
        else if (signature.type === 0x1f || signature.type === 0x20) key.direct.push(signature)
        else if (target) target.push(signature)
        break
      }
      case packetTags.trust:
      case packetTags.marker:
        break
      default:
        file.diagnostics.push(`${where}: ignored a ${packetName(packet.tag)} packet, which has no place in a key file`)
    }
  }
}

async function keyInfo(packet: Packet, subkey: boolean): Promise<KeyPacketInfo> {
  let body = packet.body
  if (packet.tag === packetTags.secretKey || packet.tag === packetTags.secretSubkey) {
    // Only the public part is read: what follows it is secret material, not hashed into the fingerprint.
    try {
      // openpgp.js's types say `read` returns nothing; it returns the length it read.
      const read = (await new (openpgp().PublicKeyPacket)().read(body)) as unknown as number
      body = body.subarray(0, read)
    } catch {
      // Left whole: the key packet reader refuses it with a reason.
    }
  }
  return readKeyPacket(body, subkey)
}

function userIdOf(body: Uint8Array): { text: string; packet: UserIDPacket } {
  const packet = new (openpgp().UserIDPacket)()
  packet.read(body)
  const written = packet.write()
  // openpgp.js writes the decoded text back as UTF-8; a user id that is not valid UTF-8 must hash as its own bytes.
  if (written.length !== body.length || written.some((byte, index) => byte !== body[index])) {
    const raw = Uint8Array.from(body)
    packet.write = () => raw
  }
  return { text: packet.userID, packet }
}
