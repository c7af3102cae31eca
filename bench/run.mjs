/**
 * `npm run bench`: every benchmark, each printing ratios against a baseline
 * measured in the same run.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { benchParse } from './parse.mjs'
import { benchSecpack } from './secpack.mjs'
import { benchVerify } from './verify.mjs'

const corpus = resolve(import.meta.dirname, '../../shared/corpus')
const found = existsSync(resolve(corpus, 'secpack')) ? corpus : null
const log = (line) => console.log(line)

benchParse({ corpus: found, log })

if (found) await benchVerify({ corpus: found, log })
else log('verify: corpus not found, skipped')
await benchSecpack({ corpus: found, log })
