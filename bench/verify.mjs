#!/usr/bin/env node
/**
 * Benchmark of `verify/`, against two baselines measured in the same run:
 *
 * - warm: verifying every corpus signature in one process, keys already
 *   judged, against the raw floor — SHA-256 of each document plus one RSA
 *   verification per signature with Node's `crypto` (key objects made
 *   beforehand). Target (issue 16): at most 1.5× the floor.
 * - cold: a fresh `node` process that loads the checkout's keys and verifies
 *   every document, against one `gpgv` process per signature. Target (issue
 *   16): at most 0.2 of the `gpgv` loop's wall time.
 *
 * `node bench/verify.mjs [CORPUS]` runs it alone (CORPUS defaults to
 * `../shared/corpus`); `bench/run.mjs` calls `benchVerify({ corpus })`.
 * Both use the build (`npm run bench` builds first): the warm figures import
 * `dist/index.js`, the cold ones run the `qsb` command itself.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, createPublicKey, verify as rsaVerify } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as openpgp from 'openpgp'
import { median } from './median.mjs'

const root = resolve(import.meta.dirname, '..')

/** Every signed document of the checkout with its signature files. */
function corpusDocuments(secpack) {
  const documents = []
  for (const folder of ['QSBs', 'canaries']) {
    const names = readdirSync(join(secpack, folder)).sort()
    for (const name of names) {
      if (/\.sign?\./.test(name)) continue
      const signatures = names.filter((other) => other.startsWith(`${name}.sig`) && /\.sign?\.[^.]+$/.test(other))
      if (signatures.length > 0) documents.push({ path: join(secpack, folder, name), signatures: signatures.map((other) => join(secpack, folder, other)) })
    }
  }
  return documents
}

const hashes = { 2: 'sha1', 8: 'sha256', 10: 'sha512' }

/** Prepare the floor: parse everything beforehand, keep only the crypto to time. */
async function floorInputs(documents, keyFiles) {
  const keys = new Map()
  for (const file of keyFiles) {
    for (const key of await openpgp.readKeys({ armoredKeys: readFileSync(file, 'utf8') })) {
      const { n, e } = key.keyPacket.publicParams
      const jwk = { kty: 'RSA', n: Buffer.from(n).toString('base64url'), e: Buffer.from(e).toString('base64url') }
      keys.set(key.getKeyID().toHex(), createPublicKey({ key: jwk, format: 'jwk' }))
    }
  }
  const inputs = []
  for (const document of documents) {
    const bytes = readFileSync(document.path)
    const checks = []
    for (const path of document.signatures) {
      const { packets } = await openpgp.readSignature({ armoredSignature: readFileSync(path, 'utf8') })
      const packet = packets[0]
      const literal = new openpgp.LiteralDataPacket()
      literal.setBytes(bytes, openpgp.enums.literal.binary)
      checks.push({ hash: hashes[packet.hashAlgorithm], data: packet.toHash(0, literal, true), key: keys.get(packet.issuerKeyID.toHex()), s: packet.params.s })
    }
    inputs.push({ bytes, checks })
  }
  return inputs
}

function runFloor(inputs) {
  let good = 0
  for (const { bytes, checks } of inputs) {
    createHash('sha256').update(bytes).digest()
    for (const check of checks) if (rsaVerify(check.hash, check.data, check.key, check.s)) good++
  }
  return good
}

async function runOurs(library, inputs, keyring) {
  let good = 0
  for (const { bytes, signatures } of inputs) {
    const result = await library.verifyDocument(bytes, signatures, keyring)
    good += result.signatures.filter((signature) => signature.status === 'good').length
  }
  return good
}

/**
 * Run the benchmark.
 *
 * @param {{ corpus?: string, rounds?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<Record<string, number>>} figures in milliseconds, and the ratios.
 */
export async function benchVerify(options = {}) {
  const corpus = resolve(options.corpus ?? join(root, '../shared/corpus'))
  const rounds = options.rounds ?? 30
  const log = options.log ?? console.log
  const secpack = join(corpus, 'secpack')
  const library = await import(pathToFileURL(join(root, 'dist/index.js')).href)
  const documents = corpusDocuments(secpack)
  const signatureCount = documents.reduce((sum, document) => sum + document.signatures.length, 0)

  // Warm: keys judged once, bytes in memory, then every signature verified per round.
  let start = performance.now()
  const keyring = await library.loadKeyring({ secpack })
  const keysMs = performance.now() - start
  const keyFiles = keyring.keys.flatMap((key) => key.sources)
  const floor = await floorInputs(documents, [...new Set(keyFiles)])
  const ours = documents.map((document) => ({
    bytes: readFileSync(document.path),
    signatures: document.signatures.map((path) => ({ source: path, bytes: readFileSync(path), signer: library.signerOf(path) })),
  }))
  const floorTimes = []
  const ourTimes = []
  for (let round = 0; round < rounds + 5; round++) {
    start = performance.now()
    const floorGood = runFloor(floor)
    const floorMs = performance.now() - start
    start = performance.now()
    const ourGood = await runOurs(library, ours, keyring)
    const ourMs = performance.now() - start
    if (floorGood !== signatureCount || ourGood !== signatureCount) throw new Error(`expected ${signatureCount} good signatures, floor ${floorGood}, ours ${ourGood}`)
    if (round >= 5) {
      floorTimes.push(floorMs)
      ourTimes.push(ourMs)
    }
  }
  const warm = { floorMs: median(floorTimes), oursMs: median(ourTimes) }

  // Cold: one fresh process for the whole corpus, against one gpgv per signature.
  const documentPaths = documents.map((document) => document.path)
  const cold = coldRun(documentPaths, signatureCount)
  const gpgvMs = gpgvLoop(documents, [...new Set(keyFiles)])
  const result = {
    signatures: signatureCount,
    keysMs,
    warmFloorMs: warm.floorMs,
    warmMs: warm.oursMs,
    warmRatio: warm.oursMs / warm.floorMs,
    coldMs: cold,
    gpgvMs,
    coldRatio: cold / gpgvMs,
  }
  const ms = (value) => `${value.toFixed(1)} ms`
  log(`verify: ${signatureCount} signatures; keys judged once in ${ms(keysMs)}`)
  log(`verify warm: ${ms(result.warmMs)} vs raw floor ${ms(result.warmFloorMs)} → ${result.warmRatio.toFixed(2)}× (target ≤ 1.5×)`)
  log(`verify cold: \`qsb verify\` on every document ${ms(cold)} vs one gpgv per signature ${ms(gpgvMs)} → ${result.coldRatio.toFixed(3)} (target ≤ 0.2)`)
  return result
}

/** Median wall time of `qsb verify` run once on every document (keys from their own checkout). */
function coldRun(documents, expected) {
  const times = []
  for (let run = 0; run < 5; run++) {
    const start = performance.now()
    const child = spawnSync(process.execPath, [join(root, 'dist/cli/qsb.js'), 'verify', '--ndjson', ...documents], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    times.push(performance.now() - start)
    const good = child.stdout
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + JSON.parse(line).signatures.filter((signature) => signature.status === 'good').length, 0)
    if (child.status !== 0 || good !== expected) throw new Error(`qsb verify: status ${child.status}, ${good} good of ${expected}`)
  }
  return median(times)
}

/** Wall time of one `gpgv` per signature, keys in a keyring made beforehand. */
function gpgvLoop(documents, keyFiles) {
  const home = mkdtempSync(join(tmpdir(), 'qsb-bench-'))
  try {
    const keyring = join(home, 'keys.gpg')
    writeFileSync(keyring, Buffer.concat(keyFiles.map((file) => execFileSync('gpg', ['--homedir', home, '--dearmor'], { input: readFileSync(file) }))))
    const start = performance.now()
    for (const document of documents) {
      for (const signature of document.signatures) {
        const run = spawnSync('gpgv', ['--homedir', home, '--keyring', keyring, signature, document.path], { stdio: 'ignore' })
        if (run.status !== 0) throw new Error(`gpgv refused ${signature}`)
      }
    }
    return performance.now() - start
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await benchVerify({ corpus: process.argv[2] })
}
