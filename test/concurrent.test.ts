/**
 * `orderedMap`: results in the items' order whatever order the calls finish
 * in, at most `limit` calls in flight, and a failure thrown in its turn — not
 * reported as an unhandled rejection while an earlier call is awaited.
 */
import { describe, expect, it } from 'vitest'
import { mapInOrder, orderedMap } from '../src/secpack/concurrent.js'

const later = <T>(value: T, ms: number): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms))

describe('orderedMap', () => {
  it('yields in order, with at most `limit` calls in flight', async () => {
    let running = 0
    let most = 0
    const results = await mapInOrder(
      [30, 5, 20, 1, 10, 2, 15],
      async (ms) => {
        running++
        most = Math.max(most, running)
        await later(null, ms)
        running--
        return ms
      },
      3,
    )
    expect(results).toEqual([30, 5, 20, 1, 10, 2, 15])
    expect(most).toBe(3)
  })

  it('throws a failure in its turn, and no rejection goes unhandled', async () => {
    const unhandled: unknown[] = []
    const listener = (reason: unknown): void => {
      unhandled.push(reason)
    }
    process.on('unhandledRejection', listener)
    try {
      const seen: number[] = []
      const run = async (): Promise<void> => {
        for await (const value of orderedMap([1, 2, 3], (n) => (n === 3 ? Promise.reject(new Error('third')) : later(n, 30)))) seen.push(value)
      }
      await expect(run()).rejects.toThrow('third')
      expect(seen).toEqual([1, 2])
      await later(null, 50)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', listener)
    }
  })

  it('handles no items and fewer items than the limit', async () => {
    expect(await mapInOrder([], async (n: number) => n)).toEqual([])
    expect(await mapInOrder([1, 2], async (n) => n * 2, 16)).toEqual([2, 4])
  })
})
