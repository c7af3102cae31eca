/** Entry of the linearity probe's child process: `node probe.mjs BASE RUNS` prints the measurements as JSON. */
import { measure } from './linearity-probe.js'

process.stdout.write(`${JSON.stringify(measure(Number(process.argv[2]), Number(process.argv[3])))}\n`)
