import { describe, expect, it } from 'vitest'
import { hoursFromNow, makeTask } from './test-fixtures'
import { groupTodayTasks } from './today'

const NOW = Date.parse('2026-11-18T06:00:00.000Z')

describe('groupTodayTasks', () => {
  it('should put overdue tasks first, then due today, then finished, each grouped by SOP', () => {
    // NOW is 14:00 in Shanghai: overdue means due before today (carried over), as the BFF counts.
    const silent = { sopKey: 'silent_wakeup', sopName: '沉默激活' }
    const sections = groupTodayTasks([
      makeTask(1, { dueAt: hoursFromNow(2, NOW) }),
      makeTask(2, { ...silent, dueAt: hoursFromNow(-16, NOW) }),
      makeTask(3, { status: 'done', completedAt: hoursFromNow(-1, NOW) }),
      makeTask(4, { dueAt: hoursFromNow(-20, NOW) }),
      makeTask(5, { ...silent, dueAt: hoursFromNow(1, NOW) }),
      makeTask(6, { ...silent, dueAt: hoursFromNow(-18, NOW) }),
      makeTask(7, { dueAt: hoursFromNow(-3, NOW) }),
    ], NOW)

    expect(sections.map(s => [s.key, s.count])).toEqual([['overdue', 3], ['today', 3], ['finished', 1]])
    const overdue = sections[0]!.groups
    // The group with the most overdue task comes first; tasks by due time within a group.
    expect(overdue.map(g => [g.sopName, g.tasks.map(t => t.id)])).toEqual([['新客培育', [4]], ['沉默激活', [6, 2]]])
    // Past its hour today (7) is still 今日待办.
    expect(sections[1]!.groups.map(g => [g.sopName, g.tasks.map(t => t.id)])).toEqual([['新客培育', [7, 1]], ['沉默激活', [5]]])
  })

  it('should leave out empty sections', () => {
    expect(groupTodayTasks([], NOW)).toEqual([])
  })
})
