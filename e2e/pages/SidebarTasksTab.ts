import type { Locator, Page } from '@playwright/test'

/**
 * The sidebar's 任务 tab (web/src/features/tasks/components/TaskSidebarTab.vue): this customer's
 * SOP tasks for today. An open task is an article named "SOP · step" with a preview of what will
 * be sent; a finished one collapses to a row with `data-status` (done, skipped, expired).
 */
export class SidebarTasksTab {
  readonly panel: Locator
  /** "待办 1", or "今天的任务都处理完了" once nothing is left. */
  readonly summary: Locator
  readonly allDone: Locator
  /** The sheet of skip reasons, shared by all cards (teleported to the body). */
  readonly skipSheet: Locator

  constructor(readonly page: Page) {
    this.panel = page.getByRole('tabpanel', { name: '任务' })
    this.summary = this.panel.locator('.task-tab__summary')
    this.allDone = this.panel.getByRole('status').filter({ hasText: '今天的任务都处理完了' })
    this.skipSheet = page.getByRole('dialog').filter({ hasText: '跳过原因' })
  }

  /** An open task's card. */
  card(sopName: string, stepName: string): Locator {
    return this.panel.getByRole('article', { name: `${sopName} · ${stepName}`, exact: true })
  }

  /** A finished task's row, found by its SOP and step ("新客培育 · 24小时跟进·领券未下单"). */
  finished(sopName: string, stepName: string): Locator {
    return this.panel.locator('article[data-status]').filter({ hasText: `${sopName} · ${stepName}` })
  }

  /** The words bubble of a card's preview: exactly the text that goes into the chat. */
  previewText(card: Locator): Locator {
    return card.getByRole('group', { name: '将发送的内容' }).locator('[data-preview="text"]')
  }

  /** The link card of a card's preview (sent as a `news` message). */
  previewLink(card: Locator): Locator {
    return card.getByRole('group', { name: '将发送的内容' }).locator('[data-preview="link"]')
  }

  /**
   * The primary button: 发送, 发送中 while sending, 继续发送 / 重试记录 after a partial send. Its
   * name starts with the icon font's glyph, hence the leading non-word characters.
   */
  sendButton(card: Locator): Locator {
    return card.getByRole('button', { name: /^\W*(发送|发送中|继续发送|重试记录)$/ })
  }

  dueLabel(card: Locator): Locator {
    return card.locator('[data-due]')
  }

  async skip(card: Locator, reason: string) {
    await card.getByRole('button', { name: '跳过', exact: true }).click()
    await this.skipSheet.getByRole('button', { name: reason, exact: true }).click()
  }
}
