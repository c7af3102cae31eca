/**
 * The commits `git log -- PATHS…` lists, in the order it lists them: git's
 * default walk and history simplification (revision.c, no `--full-history`,
 * no `--topo-order`), over any commit graph.
 *
 * The walk, as git does it:
 *
 *   queue ← [HEAD]
 *   pop the commit with the newest committer time (ties: the one queued first)
 *   simplify it:
 *     root:      TREESAME when it has none of the paths
 *     otherwise: the first parent it is TREESAME to (same blobs and modes at the
 *                paths) becomes its only parent, and it is TREESAME; when it is
 *                TREESAME to no parent, it keeps all of them
 *   queue each (remaining) parent not queued before
 *   list it unless it is TREESAME
 *
 * So a merge that took its paths from one side follows that side only and is
 * not listed; a merge that differs from every parent is listed and all its
 * parents are walked.
 */

/** What the walk needs to know of a commit graph (commits named by `Id`: ids or indices) and the paths it is limited to. */
export interface WalkGraph<Id = string> {
  /** A commit's parents (in order) and committer time in seconds. */
  commit(id: Id): { parents: readonly Id[]; timestamp: number }
  /** Whether the paths are the same (blobs and modes) in a commit and one of its parents. */
  same(commit: Id, parent: Id): boolean
  /** Whether a commit's tree has any of the paths. */
  present(commit: Id): boolean
}

interface Queued<Id> {
  id: Id
  timestamp: number
  order: number
}

/**
 * List the commits that `git log -- PATHS…` lists, newest first, as git orders them.
 *
 * @param head
 *   The commit to start from (HEAD).
 * @param graph
 *   The commit graph and the comparison of the paths.
 * @returns
 *   The commits, one at a time, so a caller can start before the walk ends.
 */
export function* simplifiedLog<Id>(head: Id, graph: WalkGraph<Id>): Generator<Id> {
  const queue: Array<Queued<Id>> = []
  const queued = new Set<Id>([head])
  let order = 0
  push(queue, { id: head, timestamp: graph.commit(head).timestamp, order: order++ })
  for (let next = pop(queue); next; next = pop(queue)) {
    const { parents } = graph.commit(next.id)
    let followed: readonly Id[] = parents
    let treesame = false
    if (parents.length === 0) treesame = !graph.present(next.id)
    for (const parent of parents) {
      if (graph.same(next.id, parent)) {
        followed = [parent]
        treesame = true
        break
      }
    }
    for (const parent of followed) {
      if (queued.has(parent)) continue
      queued.add(parent)
      push(queue, { id: parent, timestamp: graph.commit(parent).timestamp, order: order++ })
    }
    if (!treesame) yield next.id
  }
}

/** Whether `a` leaves the queue before `b`: newer committer time first, then first queued. */
function before<Id>(a: Queued<Id>, b: Queued<Id>): boolean {
  return a.timestamp === b.timestamp ? a.order < b.order : a.timestamp > b.timestamp
}

function push<Id>(heap: Array<Queued<Id>>, item: Queued<Id>): void {
  heap.push(item)
  let index = heap.length - 1
  while (index > 0) {
    const up = (index - 1) >> 1
    const parent = heap[up] as Queued<Id>
    if (!before(item, parent)) break
    heap[index] = parent
    index = up
  }
  heap[index] = item
}

function pop<Id>(heap: Array<Queued<Id>>): Queued<Id> | undefined {
  const top = heap[0]
  const last = heap.pop()
  if (heap.length === 0 || !last) return top
  let index = 0
  for (;;) {
    const left = index * 2 + 1
    if (left >= heap.length) break
    const right = left + 1
    const child = right < heap.length && before(heap[right] as Queued<Id>, heap[left] as Queued<Id>) ? right : left
    if (!before(heap[child] as Queued<Id>, last)) break
    heap[index] = heap[child] as Queued<Id>
    index = child
  }
  heap[index] = last
  return top
}
