import type { Locator, Page } from '@playwright/test'

export type TasksSectionTitle = '已逾期' | '今日待办' | '今日已处理'

/**
 * `/tasks` (web/src/features/tasks/TasksPage.vue), opened from the WeCom app workbench: the
 * staff member's tasks for today across customers. Sections (已逾期, 今日待办) hold one group per
 * SOP; each task is a button that opens the chat with its customer.
 */
export class TasksPage {
  readonly heading: Locator
  /** "11月20日 周五", in the browser's (China) time. */
  readonly date: Locator
  readonly summary: Locator
  /** Every section, in page order; each is a region named by its title. */
  readonly sections: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '今日任务' })
    this.date = page.locator('.tasks-page__date')
    this.summary = page.getByRole('group', { name: '今日概况' })
    this.sections = page.locator('section[data-section]')
  }

  async goto() {
    await this.page.goto('/tasks')
  }

  /** A number of the summary: 逾期, 今日待办 or 今日已完成. */
  stat(label: '逾期' | '今日待办' | '今日已完成'): Locator {
    return this.summary.locator('[data-stat]').filter({ has: this.page.getByText(label, { exact: true }) }).locator('.tasks-page__stat-value')
  }

  section(title: TasksSectionTitle): Locator {
    return this.page.getByRole('region', { name: title, exact: true })
  }

  async sectionTitles(): Promise<string[]> {
    return this.sections.evaluateAll(els => els.map(el => el.getAttribute('aria-label') ?? ''))
  }

  /** The SOP groups of a section, in page order. */
  groups(section: Locator): Locator {
    return section.locator('[data-sop]')
  }

  /** A group's SOP name and the count on its header, in page order. */
  async groupHeads(section: Locator): Promise<{ name: string, count: number }[]> {
    return this.groups(section).evaluateAll(els => els.map(el => ({
      name: el.querySelector('.tasks-page__group-name')?.textContent?.trim() ?? '',
      count: Number(el.querySelector('.tasks-page__group-count')?.textContent?.trim()),
    })))
  }

  /** The task rows (buttons "打开与<customer>的聊天：<step>") under a section or group. */
  rows(scope: Locator | Page): Locator {
    return scope.getByRole('button', { name: /^打开与.+的聊天：/ })
  }

  /** The row of a customer's task, by how the staff member knows them (remark, else name). */
  row(scope: Locator, customer: string, stepName: string): Locator {
    return scope.getByRole('button', { name: `打开与${customer}的聊天：${stepName}`, exact: true })
  }
}
