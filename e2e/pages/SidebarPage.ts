import type { Locator, Page } from '@playwright/test'

export type SidebarTabTitle = '任务' | '画像' | '订单' | '轨迹' | '推荐'

/**
 * The chat-toolbar sidebar (`/sidebar`), located the way a staff member reads it: by role and
 * by the texts of web/src/features/sidebar/**.
 */
export class SidebarPage {
  /** The customer card: name, remark, badges, key tags, phone, channel, first-add time. */
  readonly overview: Locator
  readonly customerName: Locator
  /** The five key figures (订单数, 累计消费, …), each a button that opens its tab. */
  readonly figures: Locator
  readonly keyTags: Locator
  /** The full-page explanation shown instead of a customer (group chat, unknown contact…). */
  readonly notice: Locator
  readonly noticeTitle: Locator
  /** The error state (PageError) with its 重试 button. */
  readonly error: Locator
  readonly retryButton: Locator
  readonly demoBar: Locator

  constructor(readonly page: Page) {
    this.overview = page.getByRole('region', { name: '客户概览' })
    this.customerName = this.overview.getByRole('heading', { level: 1 })
    this.figures = page.getByRole('group', { name: '关键数据' })
    this.keyTags = page.getByLabel('关键标签')
    this.notice = page.getByRole('status')
    this.noticeTitle = this.notice.getByRole('heading', { level: 1 })
    this.error = page.getByRole('alert')
    this.retryButton = this.error.getByRole('button', { name: '重试' })
    this.demoBar = page.getByRole('region', { name: '演示模式' })
  }

  async goto() {
    await this.page.goto('/sidebar')
  }

  /** The value shown above a key figure's label, e.g. figureValue('订单数') → "7". */
  figureValue(label: string): Locator {
    return this.figures.getByRole('button').filter({ hasText: label }).locator('.sidebar-figures__value')
  }

  /** A line of the facts list in the card (手机号, 来源渠道, 添加时间, 同时服务). */
  fact(text: string | RegExp): Locator {
    return this.overview.getByRole('listitem').filter({ hasText: text })
  }

  // --- Phone -----------------------------------------------------------------------------------

  get phoneFact(): Locator {
    return this.overview.locator('.sidebar-phone')
  }

  get revealPhoneButton(): Locator {
    return this.overview.getByRole('button', { name: '查看完整手机号' })
  }

  /** Vant's dialog points aria-labelledby at its title *text*, so it has no usable name. */
  get revealDialog(): Locator {
    return this.page.getByRole('dialog').filter({ hasText: '查看完整手机号' })
  }

  get revealedPhone(): Locator {
    return this.overview.getByRole('button', { name: '复制手机号' })
  }

  async revealPhone() {
    await this.revealPhoneButton.click()
    await this.revealDialog.getByRole('button', { name: '查看', exact: true }).click()
  }

  // --- Stage -----------------------------------------------------------------------------------

  /** The journey stage badge in the card; tapping it opens the sheet with why and the history. */
  get stageBadge(): Locator {
    return this.overview.getByRole('button', { name: /^客户阶段：/ })
  }

  /** The bottom sheet the badge opens. */
  get stageSheet(): Locator {
    return this.page.getByRole('dialog', { name: '客户阶段' })
  }

  /** The sentence under 为什么在这个阶段 ("7 单，累计 ¥2,726.30"). */
  get stageReason(): Locator {
    return this.stageSheet.getByRole('heading', { name: '为什么在这个阶段' }).locator('xpath=following-sibling::p[1]')
  }

  /** The facts the stage's entry rule matched ("7 单", "累计 ¥…"). */
  get stageFacts(): Locator {
    return this.stageSheet.getByRole('list', { name: '命中的条件' }).getByRole('listitem')
  }

  /** One item per visit to a stage, newest first. */
  get stageVisits(): Locator {
    return this.stageSheet.getByRole('list', { name: '阶段历史' }).getByRole('listitem')
  }

  // --- Tabs ------------------------------------------------------------------------------------

  /** A tab by its title; its accessible name also holds the badge, if any ("任务1"). */
  tab(title: SidebarTabTitle): Locator {
    return this.page.getByRole('tab', { name: title })
  }

  /** The count Vant draws on a tab (任务: the tasks that want attention). */
  tabBadge(title: SidebarTabTitle): Locator {
    return this.tab(title).locator('.van-badge')
  }

  tabPanel(title: SidebarTabTitle): Locator {
    return this.page.getByRole('tabpanel', { name: title })
  }

  async openTab(title: SidebarTabTitle): Promise<Locator> {
    await this.tab(title).click()
    return this.tabPanel(title)
  }

  // --- 订单 ------------------------------------------------------------------------------------

  get orders(): Locator {
    return this.tabPanel('订单').getByRole('article')
  }

  /** The platform label at the top of each order card (有赞, 天猫, 自建商城…). */
  get orderSources(): Locator {
    return this.orders.locator('.order-card__source')
  }

  // --- 轨迹 ------------------------------------------------------------------------------------

  get trailFilters(): Locator {
    return this.tabPanel('轨迹').getByRole('toolbar', { name: '按类型筛选' })
  }

  trailFilter(label: string): Locator {
    return this.trailFilters.getByRole('button', { name: label, exact: true })
  }

  /** One list item per event, newest first; `data-kind` carries the event kind. */
  get trailEvents(): Locator {
    return this.tabPanel('轨迹').locator('ol').getByRole('listitem')
  }

  async trailKinds(): Promise<string[]> {
    return this.trailEvents.evaluateAll(items => items.map(li => li.getAttribute('data-kind') ?? ''))
  }

  /** "datetime|text" of every event shown, to spot a page loaded twice. */
  async trailKeys(): Promise<string[]> {
    return this.trailEvents.evaluateAll(items => items.map(li =>
      `${li.querySelector('time')?.getAttribute('datetime') ?? ''}|${li.querySelector('p')?.textContent?.trim() ?? ''}`))
  }

  get trailEnd(): Locator {
    return this.tabPanel('轨迹').getByText('没有更早的轨迹了')
  }

  /** Scrolls to the last event shown, which is what makes van-list ask for the next page. */
  async scrollTrailToEnd() {
    await this.trailEvents.last().scrollIntoViewIfNeeded()
    await this.page.mouse.wheel(0, 400)
  }
}
