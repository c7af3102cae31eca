/**
 * Walking a page without recursion: unist-util-visit copies the list of
 * ancestors at every level, which makes deeply nested markup quadratic, and
 * recursion runs out of stack where the HTML parser did not.
 */
import type { Element, Nodes, Root } from 'hast'

/**
 * Visit every node of a tree in document order.
 *
 * @param tree
 *   The tree (or any node of it).
 * @param enter
 *   Called on each node with its ancestors (nearest last; do not keep the
 *   array, it changes as the walk goes on); `'skip'` leaves its children out.
 */
export function walk(tree: Root | Element, enter: (node: Nodes, ancestors: readonly Element[]) => 'skip' | undefined): void {
  const ancestors: Element[] = []
  // Each frame: a parent and the index of its next child to visit.
  const stack: { node: Root | Element; next: number }[] = []
  if (enter(tree, ancestors) === 'skip') return
  stack.push({ node: tree, next: 0 })
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number]
    const child = frame.node.children[frame.next++]
    if (!child) {
      stack.pop()
      if (frame.node.type === 'element') ancestors.pop()
      continue
    }
    if (enter(child, ancestors) === 'skip' || !('children' in child) || child.type !== 'element') continue
    ancestors.push(child)
    stack.push({ node: child, next: 0 })
  }
}
