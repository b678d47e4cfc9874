/** Which tags the sidebar shows where. Pure functions, unit-tested in tags.test.ts. */
import type { Tag } from '#contract/customer.ts'
import { groupInOrder } from '@/common/group-in-order'

/**
 * The 2–3 tags worth a glance in the header: rule-made ones first (they carry what the system
 * learned: 高意向, 高价值…), then the staff's own, then synced corp tags; order kept within each.
 */
export function pickKeyTags(tags: readonly Tag[], max = 3): Tag[] {
  const rank: Record<Tag['source'], number> = { rule: 0, manual: 1, wecom: 2 }
  return tags
    .map((tag, index) => ({ tag, index }))
    .sort((a, b) => rank[a.tag.source] - rank[b.tag.source] || a.index - b.index)
    .slice(0, max)
    .map(({ tag }) => tag)
}

/** Tags grouped by tag group, groups in order of first appearance (the API sorts them). */
export function groupTags(tags: readonly Tag[]): { group: string, tags: Tag[] }[] {
  return groupInOrder(tags, tag => tag.group).map(list => ({ group: list[0].group, tags: list }))
}
