/**
 * Work on many git objects or files at once, results in order. Reading a git
 * object goes through several asynchronous steps (file reads, a SHA-1 check
 * on the platform's thread pool), so one at a time leaves the process idle
 * most of the time; a few in flight keep it busy.
 */

/** How many items are in flight at once. */
export const inFlight = 16

/**
 * Map items with an async function, at most `limit` at once, yielding the
 * results in the items' order as soon as each is ready.
 *
 * @param items
 *   The items.
 * @param work
 *   The function. A failure is thrown when its turn comes.
 * @param limit
 *   At most this many calls in flight.
 * @returns
 *   The results, in order.
 */
export async function* orderedMap<T, R>(items: readonly T[], work: (item: T) => Promise<R>, limit = inFlight): AsyncGenerator<R> {
  const pending: Array<Promise<R>> = []
  let next = 0
  const start = (): void => {
    const promise = work(items[next++] as T)
    // A call that fails while an earlier one is awaited is not an unhandled rejection: its
    // error is thrown in order, when its turn comes (the calls after it are then dropped).
    promise.catch(() => {})
    pending.push(promise)
  }
  while (next < items.length && pending.length < limit) start()
  while (pending.length > 0) {
    const result = await (pending.shift() as Promise<R>)
    if (next < items.length) start()
    yield result
  }
}

/**
 * {@link orderedMap}, collected.
 *
 * @param items
 *   The items.
 * @param work
 *   The function.
 * @param limit
 *   At most this many calls in flight.
 * @returns
 *   The results, in order.
 */
export async function mapInOrder<T, R>(items: readonly T[], work: (item: T) => Promise<R>, limit = inFlight): Promise<R[]> {
  const results: R[] = []
  for await (const result of orderedMap(items, work, limit)) results.push(result)
  return results
}
