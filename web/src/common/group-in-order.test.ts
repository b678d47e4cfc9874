import { describe, expect, it } from 'vitest'
import { groupInOrder } from './group-in-order'

describe('groupInOrder', () => {
  it('should keep groups in order of first appearance and items in input order', () => {
    expect(groupInOrder(['b1', 'a1', 'b2', 'c1', 'a2'], s => s[0])).toEqual([['b1', 'b2'], ['a1', 'a2'], ['c1']])
    expect(groupInOrder([], () => 0)).toEqual([])
  })
})
