import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
const lib = await import('../dist/index.js')
const secpack = '/work/shared/corpus/secpack'
const keyring = await lib.loadKeyring({ secpack })
const docs = []
for (const folder of ['QSBs', 'canaries']) {
  const names = readdirSync(join(secpack, folder))
  for (const name of names) if (/\.txt$/.test(name)) {
    const sigs = names.filter((o) => o.startsWith(name + '.sig'))
    if (sigs.length) docs.push({ bytes: readFileSync(join(secpack, folder, name)), signatures: sigs.map((s) => ({ source: s, bytes: readFileSync(join(secpack, folder, s)), signer: lib.signerOf(s) })) })
  }
}
for (let r = 0; r < 200; r++) for (const d of docs) await lib.verifyDocument(d.bytes, d.signatures, keyring)
