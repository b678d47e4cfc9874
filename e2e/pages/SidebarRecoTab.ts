import type { Locator, Page } from '@playwright/test'

/**
 * The sidebar's 推荐 tab (web/src/features/reco/components/RecoSidebarTab.vue): the coupons the
 * customer holds, and coupons and products picked for them, each with its reason and a 发送 button.
 */
export class SidebarRecoTab {
  readonly panel: Locator
  readonly heldSection: Locator
  readonly couponSection: Locator
  readonly productSection: Locator

  constructor(readonly page: Page) {
    this.panel = page.getByRole('tabpanel', { name: '推荐' })
    this.heldSection = this.panel.getByRole('region', { name: /^已有优惠券/ })
    this.couponSection = this.panel.getByRole('region', { name: /^推荐优惠券/ })
    this.productSection = this.panel.getByRole('region', { name: '推荐商品' })
  }

  /** A held coupon's row, by its name; `data-status` holds its state. */
  held(name: string): Locator {
    return this.heldSection.getByRole('listitem', { name, exact: true })
  }

  /** The warning on a held coupon about to lapse ("明天 06:30 到期"). */
  expiryWarning(row: Locator): Locator {
    return row.locator('[data-expiring]')
  }

  coupons(): Locator {
    return this.couponSection.getByRole('article')
  }

  coupon(name: string): Locator {
    return this.couponSection.getByRole('article', { name, exact: true })
  }

  products(): Locator {
    return this.productSection.getByRole('article')
  }

  reason(card: Locator): Locator {
    return card.locator('[data-reason]')
  }

  /** 发送 / 提醒 (or 重试记录); the name starts with the icon font's glyph. */
  sendButton(card: Locator): Locator {
    return card.getByRole('button', { name: /^\W*(发送|提醒|重试记录)$/ })
  }
}
