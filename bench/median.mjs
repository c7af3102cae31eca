/**
 * The middle value of a list of timings (the upper middle for an even count),
 * the one summary every benchmark prints.
 *
 * @param {number[]} values
 * @returns {number}
 */
export function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
}
