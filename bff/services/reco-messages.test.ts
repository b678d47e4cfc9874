import { describe, expect, it } from 'vitest'
import { PRODUCTS, template } from '../engine/reco/test-data.ts'
import { couponMessage, productMessage, reminderMessage } from './reco-messages.ts'

const MP = { appid: 'wx0demo0mall00001', couponPage: 'pages/coupon/claim', productPage: 'pages/goods/detail', myCouponsPage: 'pages/coupon/list' }
const T = template(4, 'ALL-299-50', { name: '满299减50', amountOffCents: 5000, thresholdCents: 29900, validDays: 14 })
const CLAIM = 'https://mall.example.com/coupon/claim?tpl=ALL-299-50'
// 2026-11-21 06:30 China time.
const EXPIRES = Date.parse('2026-11-21T06:30:00+08:00')

describe('recommendation messages', () => {
  it('should send a coupon as a link card to its claim page, credited to the sender, or as a mini-program card', () => {
    expect(couponMessage(T, CLAIM, 'zhangli', PRODUCTS, null)).toEqual({
      msgtype: 'news',
      news: { title: '送您一张「满299减50」', desc: '满299减50 · 全场通用 · 领取后14天内有效', link: `${CLAIM}&s=zhangli`, imgUrl: '' },
      miniprogram: null,
    })
    expect(couponMessage(T, CLAIM, 'zhangli', PRODUCTS, MP)).toEqual({
      msgtype: 'miniprogram',
      news: null,
      miniprogram: { appid: MP.appid, title: '送您一张「满299减50」', imgUrl: '', page: 'pages/coupon/claim?tpl=ALL-299-50&s=zhangli' },
    })
  })

  it('should send a product as its card, never with the staff-facing reason', () => {
    const p = PRODUCTS[3]!
    expect(productMessage(p, 'zhangli', null)).toEqual({ msgtype: 'news', news: { title: p.name, desc: '益畅 · ¥168', link: `${p.url}?s=zhangli`, imgUrl: '' }, miniprogram: null })
    expect(productMessage(p, 'zhangli', MP).miniprogram).toEqual({ appid: MP.appid, title: p.name, imgUrl: '', page: 'pages/goods/detail?sku=YSJ-30&s=zhangli' })
  })

  it('should remind with the absolute expiry: to use a claimed coupon, to claim one handed out', () => {
    expect(reminderMessage(T, { code: 'C1', status: 'claimed', expiresAt: EXPIRES }, CLAIM, null).news).toEqual({
      title: '您的「满299减50」将于11月21日 06:30到期', desc: '满299减50，到期前下单即可使用，别错过哦', link: 'https://mall.example.com/coupon/mine?code=C1', imgUrl: '',
    })
    expect(reminderMessage(T, { code: 'C2', status: 'issued', expiresAt: EXPIRES }, CLAIM, null).news).toEqual({
      title: '「满299减50」还没领取，11月21日 06:30失效', desc: '满299减50，点开领取后即可使用', link: `${CLAIM}&code=C2`, imgUrl: '',
    })
    expect(reminderMessage(T, { code: 'C1', status: 'claimed', expiresAt: EXPIRES }, CLAIM, MP).miniprogram!.page).toBe('pages/coupon/list?code=C1')
  })
})
