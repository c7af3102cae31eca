/**
 * Entry of the linearity probe's child process: `node probe.mjs BASE RUNS
 * [SHAPE STAGE]` prints the measurements as JSON.
 */
import { measure } from './linearity-probe.js'

const [base, runs, shape, stage] = process.argv.slice(2)
const only = shape && stage ? { shape, stage } : undefined
process.stdout.write(`${JSON.stringify(measure(Number(base), Number(runs), only))}\n`)
