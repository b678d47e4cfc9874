/** The /tasks page's order: overdue first, then due today, each grouped by SOP. */
import type { TaskItem } from '#contract/tasks.ts'
import { groupInOrder } from '@/common/group-in-order'
import { isOpen, isOverdue } from './task-format'

export interface SopGroup {
  sopKey: string
  sopName: string
  tasks: TaskItem[]
}

export type TodaySectionKey = 'overdue' | 'today' | 'finished'

export interface TodaySection {
  key: TodaySectionKey
  title: string
  count: number
  groups: SopGroup[]
}

const SECTION_TITLES: Record<TodaySectionKey, string> = {
  overdue: '已逾期',
  today: '今日待办',
  finished: '今日已处理',
}

/** Groups by SOP; groups come in the order of their earliest task, tasks by due time. */
function groupBySop(tasks: readonly TaskItem[]): SopGroup[] {
  const sorted = [...tasks].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id - b.id)
  return groupInOrder(sorted, task => task.sopKey).map(group => ({ sopKey: group[0].sopKey, sopName: group[0].sopName, tasks: group }))
}

/** The page's sections (empty ones left out): 已逾期, 今日待办, then what was done today. */
export function groupTodayTasks(items: readonly TaskItem[], now: number = Date.now()): TodaySection[] {
  const buckets: Record<TodaySectionKey, TaskItem[]> = { overdue: [], today: [], finished: [] }
  for (const task of items) {
    if (!isOpen(task))
      buckets.finished.push(task)
    else if (isOverdue(task, now))
      buckets.overdue.push(task)
    else
      buckets.today.push(task)
  }
  return (['overdue', 'today', 'finished'] as const)
    .filter(key => buckets[key].length > 0)
    .map(key => ({ key, title: SECTION_TITLES[key], count: buckets[key].length, groups: groupBySop(buckets[key]) }))
}
