import type { Locator, Page } from '@playwright/test'

export type HeadlineFigure = 'due' | 'done' | 'rate' | 'overdue' | 'median' | 'lost'

/**
 * `/supervisor` (web/src/features/supervisor/SupervisorPage.vue), the supervisor's page in the
 * WeCom app: headline figures, the leaderboard (each row a button to the member's page),
 * unanswered customers, completion by SOP, charts.
 */
export class SupervisorPage {
  readonly heading: Locator
  readonly headline: Locator
  readonly leaderboard: Locator
  readonly unanswered: Locator
  readonly sops: Locator
  readonly charts: Locator
  /** Shown instead of everything to someone who leads no department. */
  readonly refused: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: '主管看板' })
    this.headline = page.getByRole('group', { name: '核心指标' })
    this.leaderboard = page.getByRole('list', { name: '成员完成率排行' })
    this.unanswered = page.locator('section[aria-labelledby="sv-unanswered"]')
    this.sops = page.locator('section[aria-labelledby="sv-sops"]')
    this.charts = page.locator('section[aria-labelledby="sv-charts"]')
    this.refused = page.getByRole('alert').filter({ hasText: '没有主管权限' })
  }

  async goto() {
    await this.page.goto('/supervisor')
  }

  figure(key: HeadlineFigure): Locator {
    return this.headline.locator(`[data-figure="${key}"] .sv-headline__value`)
  }

  period(label: '今日' | '近7天' | '近30天'): Locator {
    return this.page.getByRole('radio', { name: label })
  }

  /** A member's row (a button named "<name>：完成 d/n，完成率 r，逾期 o"). */
  member(name: string): Locator {
    return this.leaderboard.getByRole('button', { name: new RegExp(`^${name}：`) })
  }

  /** Every row's member name, in leaderboard order. */
  async memberNames(): Promise<string[]> {
    return (await this.leaderboard.getByRole('button').evaluateAll(els => els.map(el => el.getAttribute('aria-label') ?? ''))).map(l => l.split('：')[0]!)
  }
}

/** `/supervisor/staff/:id`: one member's figures, task lists and the nudge. */
export class SupervisorStaffPage {
  readonly nudgeButton: Locator
  readonly nudgeStatus: Locator
  readonly overdueFigure: Locator
  readonly confirm: Locator
  readonly error: Locator

  constructor(readonly page: Page) {
    this.nudgeButton = page.getByRole('button', { name: '提醒处理逾期任务' })
    this.nudgeStatus = page.locator('[data-nudge-status]')
    this.overdueFigure = page.locator('[data-figure="overdue"] strong')
    this.confirm = page.getByRole('dialog').getByRole('button', { name: '发送提醒' })
    this.error = page.getByRole('alert')
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name })
  }

  tab(name: '逾期' | '跳过' | '过期' | '未回复'): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${name} \\d+$`) })
  }

  /** Task rows of the visible tab. */
  taskRows(): Locator {
    return this.page.locator('.van-tab__panel:visible [data-task]')
  }
}
