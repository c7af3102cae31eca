import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '../dist/index.js'
if (process.argv[2] === 'nostack') Error.stackTraceLimit = 0
const corpus = '/work/shared/corpus/secpack'
const docs = []
for (const f of ['QSBs', 'canaries']) for (const n of readdirSync(join(corpus, f)).sort()) if (/^(qsb|canary)-\d{3}-\d{4}\.txt$/.test(n)) docs.push({ path: join(f, n), bytes: readFileSync(join(corpus, f, n)) })
const times = []
for (let r = 0; r < 130; r++) { const s = performance.now(); for (const d of docs) parse(d.bytes, { path: d.path }); if (r >= 100) times.push(performance.now() - s) }
times.sort((a, b) => a - b); console.log(process.argv[2] ?? 'default', times[15].toFixed(1))
let n = 0; for (const d of docs) n += parse(d.bytes, { path: d.path }).diagnostics.length; console.log('diagnostics', n)
