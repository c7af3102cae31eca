/**
 * `#crypto` in a browser (and anywhere without Node's `crypto`): WebCrypto.
 * WebCrypto has no SHA-224; for it the caller falls back to openpgp.js.
 */
import { toHex } from '../../encoding/bytes.js'
import type { CryptoBackend, DigestName, RsaKey } from './types.js'

const algorithms: Partial<Record<DigestName, string>> = { SHA1: 'SHA-1', SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512' }
// Typed from the global itself: the project compiles without the DOM library.
type Subtle = (typeof globalThis)['crypto']['subtle']
type Key = Awaited<ReturnType<Subtle['importKey']>>

const keys = new WeakMap<RsaKey, Map<string, Promise<Key>>>()

function subtle(): Subtle {
  const found = globalThis.crypto?.subtle
  if (!found) throw new Error('WebCrypto (crypto.subtle) is not available: use a secure context (https or localhost)')
  return found
}

function base64url(bytes: Uint8Array): string {
  const first = bytes.findIndex((byte) => byte !== 0)
  let text = ''
  for (const byte of first > 0 ? bytes.subarray(first) : bytes) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function importKey(key: RsaKey, hash: string): Promise<Key> {
  let byHash = keys.get(key)
  if (!byHash) {
    byHash = new Map()
    keys.set(key, byHash)
  }
  let found = byHash.get(hash)
  if (!found) {
    const jwk = { kty: 'RSA', n: base64url(key.n), e: base64url(key.e), ext: true }
    found = subtle().importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify'])
    byHash.set(hash, found)
  }
  return found
}

/** Copy into a fresh ArrayBuffer-backed array, as WebCrypto's types ask. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return copy
}

/** The WebCrypto backend. */
export const backend: CryptoBackend = {
  name: 'webcrypto',
  async sha256Hex(bytes) {
    return toHex(new Uint8Array(await subtle().digest('SHA-256', own(bytes))))
  },
  async verifyRsa(key, digest, data, signature) {
    const hash = algorithms[digest]
    if (!hash) return undefined
    try {
      return await subtle().verify('RSASSA-PKCS1-v1_5', await importKey(key, hash), own(signature), own(data))
    } catch {
      return false
    }
  },
  async digest(digest, bytes) {
    const hash = algorithms[digest]
    return hash ? new Uint8Array(await subtle().digest(hash, own(bytes))) : undefined
  },
  async verifyEd25519(publicKey, message, signature) {
    let key: Key
    try {
      key = await subtle().importKey('raw', own(publicKey), { name: 'Ed25519' }, false, ['verify'])
    } catch {
      // Browsers without Ed25519 in WebCrypto: the caller says it could not check.
      return undefined
    }
    try {
      return await subtle().verify({ name: 'Ed25519' }, key, own(signature), own(message))
    } catch {
      return false
    }
  },
}
