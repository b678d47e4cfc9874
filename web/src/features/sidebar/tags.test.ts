import { describe, expect, it } from 'vitest'
import type { Tag } from '#contract/customer.ts'
import { groupTags, pickKeyTags } from './tags'

const tag = (id: number, name: string, group: string, source: Tag['source']): Tag => ({ id, name, group, source })
const tags = [
  tag(1, '燕窝', '产品偏好', 'manual'),
  tag(2, '门店', '渠道', 'wecom'),
  tag(3, '高意向', '生命周期', 'rule'),
  tag(4, '益生菌', '产品偏好', 'manual'),
]

describe('pickKeyTags', () => {
  it('should put rule-made tags first, then manual, then WeCom, keeping order within', () => {
    expect(pickKeyTags(tags).map(t => t.name)).toEqual(['高意向', '燕窝', '益生菌'])
    expect(pickKeyTags(tags, 2).map(t => t.name)).toEqual(['高意向', '燕窝'])
  })
})

describe('groupTags', () => {
  it('should group by tag group in order of first appearance', () => {
    expect(groupTags(tags).map(g => [g.group, g.tags.map(t => t.name)])).toEqual([
      ['产品偏好', ['燕窝', '益生菌']],
      ['渠道', ['门店']],
      ['生命周期', ['高意向']],
    ])
  })
})
