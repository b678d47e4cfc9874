/** Matching behaviour events against a filter, and saying what an event was in a few words. */
import { type Static, type TObject, Type } from 'typebox'
import type { EventType, FactEvent } from './facts.ts'
import { formatReadTime } from './format.ts'

/** Chinese verb per event type; a Record so a new type in db/schema.ts fails to compile here. */
export const EVENT_VERBS: Record<EventType, string> = {
  article_read: '阅读',
  link_click: '点击',
  product_view: '浏览',
  cart_add: '加购',
  coupon_claim: '领券',
  coupon_use: '用券',
  group_question: '群内提问',
  message_in: '发来消息',
  message_out: '管家发消息',
  miniprogram_visit: '访问小程序',
  customer_merged: '合并客户',
}
const EVENT_TYPES = Object.keys(EVENT_VERBS) as EventType[]

/** Which events count: all given fields must hold. */
export const eventFilterFields = {
  type: Type.Enum(EVENT_TYPES),
  titleEquals: Type.Optional(Type.String({ minLength: 1 })),
  titleContains: Type.Optional(Type.String({ minLength: 1 })),
  contentContains: Type.Optional(Type.String({ minLength: 1 })),
  productId: Type.Optional(Type.Integer({ minimum: 1 })),
  productCategory: Type.Optional(Type.String({ minLength: 1 })),
  minDurationSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
}
export type EventFilter = Static<TObject<typeof eventFilterFields>>

export function matchesEventFilter(e: FactEvent, f: EventFilter): boolean {
  return e.type === f.type
    && (f.titleEquals === undefined || e.title === f.titleEquals)
    && (f.titleContains === undefined || (e.title ?? '').includes(f.titleContains))
    && (f.contentContains === undefined || (e.content ?? '').includes(f.contentContains))
    && (f.productId === undefined || e.productId === f.productId)
    && (f.productCategory === undefined || e.productCategory === f.productCategory)
    && (f.minDurationSeconds === undefined || (e.durationSeconds ?? 0) >= f.minDurationSeconds)
}

/** What a question or purchase intent is about: the product, else its category, else the title (group name). */
export function eventSubject(e: FactEvent): string {
  return e.productName ?? e.productCategory ?? e.title ?? ''
}

/** "阅读《燕窝怎么吃才有效？》14分钟", "点击「代理政策」", "加购「即食燕窝 70g×6瓶」". */
export function describeEvent(e: FactEvent): string {
  const verb = EVENT_VERBS[e.type]
  switch (e.type) {
    case 'article_read':
      return `${verb}${e.title ? `《${e.title}》` : '文章'}${e.durationSeconds ? formatReadTime(e.durationSeconds) : ''}`
    case 'group_question':
    case 'message_in':
      return e.content ? `${verb}「${clip(e.content, 20)}」` : verb
    default: {
      const what = e.productName ?? e.title
      return what ? `${verb}「${what}」` : verb
    }
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
