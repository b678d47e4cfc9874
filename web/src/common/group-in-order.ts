/**
 * Items grouped by `keyOf`, groups in the order of their first item, items in input order. Each
 * group is non-empty, so `group[0]` is there to read the shared fields from.
 */
export function groupInOrder<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Array<[T, ...T[]]> {
  const groups = new Map<K, [T, ...T[]]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group)
      group.push(item)
    else
      groups.set(key, [item])
  }
  return [...groups.values()]
}
