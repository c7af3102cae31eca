/**
 * What the verifier needs from a platform's cryptography. Node gets its
 * `crypto` module (synchronous, one key object per key); a browser gets
 * WebCrypto. `#crypto` picks one by package.json `imports` conditions, the way
 * vfile picks its path and process stand-ins, so no Node built-in is ever in a
 * browser's graph.
 */

/** Digests by GnuPG's name, as the verifier asks for them. */
export type DigestName = 'SHA1' | 'SHA224' | 'SHA256' | 'SHA384' | 'SHA512'

/** An RSA public key: modulus and exponent, big-endian. */
export interface RsaKey {
  n: Uint8Array
  e: Uint8Array
}

/** The platform's cryptography. */
export interface CryptoBackend {
  /** Which one this is (`node`, `webcrypto`), for tests and messages. */
  readonly name: string
  /**
   * SHA-256 of some bytes.
   *
   * @param bytes
   *   The bytes.
   * @returns
   *   Lowercase hex.
   */
  sha256Hex(bytes: Uint8Array): Promise<string>
  /**
   * Check an RSA PKCS#1 v1.5 signature.
   *
   * @param key
   *   The public key (the same object for the same key, so it can be cached).
   * @param digest
   *   The digest the signature says it used.
   * @param data
   *   The bytes that were hashed.
   * @param signature
   *   The signature value, left-padded to the modulus length.
   * @returns
   *   Whether it verifies; undefined when this platform cannot check that
   *   digest (the caller then asks openpgp.js, which carries its own).
   */
  verifyRsa(key: RsaKey, digest: DigestName, data: Uint8Array, signature: Uint8Array): Promise<boolean | undefined>
  /**
   * A digest of some bytes (key fingerprints are SHA-1 of the key packet).
   *
   * @param digest
   *   The digest.
   * @param bytes
   *   The bytes.
   * @returns
   *   The digest; undefined when this platform lacks it.
   */
  digest(digest: DigestName, bytes: Uint8Array): Promise<Uint8Array | undefined>
  /**
   * Check an Ed25519 signature (RFC 8032). Legacy EdDSA OpenPGP signatures
   * sign the message digest, so `message` is that digest.
   *
   * @param publicKey
   *   The 32-byte public key.
   * @param message
   *   The signed bytes.
   * @param signature
   *   The 64-byte signature (R ‖ S).
   * @returns
   *   Whether it verifies; undefined when this platform has no Ed25519.
   */
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean | undefined>
}
