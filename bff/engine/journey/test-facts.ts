/** Hand-built customer facts for the journey engine's tests. Times are China time. */
import { DAY, HOUR, MINUTE } from '../rules/time-units.ts'
import type { CustomerFacts, EventType, FactEvent, FactOrder, FactRelation, FactTag } from './facts.ts'
import type { TaskPlan } from './sop.ts'

export { DAY, HOUR, MINUTE }

/** 2026-11-20 10:00 in Shanghai. */
export const T0 = Date.parse('2026-11-20T10:00:00+08:00')
export const at = (isoLocal: string) => Date.parse(`${isoLocal}+08:00`)

export const YANWO = { productId: 1, name: '即食燕窝 70g×6瓶', category: '燕窝', url: 'https://mall.example.com/goods/YW-JS-70G6' }

type FactsInput = Partial<Omit<CustomerFacts, 'customer'>> & { customer?: Partial<CustomerFacts['customer']> }

/** A customer added to 张丽 (staff 1) at T0 with nothing else, unless told otherwise. */
export function makeFacts(input: FactsInput = {}): CustomerFacts {
  return {
    customer: { id: 42, name: '赵小米', gender: 2, birthday: null, memberLevel: null, marketingAverse: false, ...input.customer },
    relationships: input.relationships ?? [relation(1, T0)],
    seededProduct: input.seededProduct === undefined ? null : input.seededProduct,
    orders: input.orders ?? [],
    events: input.events ?? [],
    tags: input.tags ?? [],
    coupons: input.coupons ?? [],
    tasks: input.tasks ?? [],
  }
}

export function relation(staffId: number, firstAddedAt: number, fields: Partial<FactRelation> = {}): FactRelation {
  return { staffId, staffName: ['', '张丽', '王芳', '刘强'][staffId] ?? `员工${staffId}`, firstAddedAt, status: 'active', state: null, ...fields }
}

export function order(at: number, paidCents: number, fields: Partial<FactOrder> = {}): FactOrder {
  return { at, status: 'paid', paidCents, couponName: null, items: [{ productId: YANWO.productId, name: YANWO.name, category: YANWO.category }], ...fields }
}

/** `n` paid orders a week apart ending at `last`, together worth `totalCents`. */
export function orders(n: number, totalCents: number, last: number): FactOrder[] {
  const each = Math.floor(totalCents / n)
  return Array.from({ length: n }, (_, i) => order(last - (n - 1 - i) * 7 * DAY, i === n - 1 ? totalCents - each * (n - 1) : each))
}

export function event(type: EventType, at: number, fields: Partial<FactEvent> = {}): FactEvent {
  return { type, at, productId: null, productName: null, title: null, durationSeconds: null, content: null, ...fields }
}

export function tag(ref: string, addedAt: number): FactTag {
  const [group, name] = ref.split(':') as [string, string]
  return { group, name, addedAt }
}

/** Records planned tasks the way storage will, so the next run sees them. */
export function recorded(plans: readonly TaskPlan[], createdAt: number, doneAt: number | null = null) {
  return plans.map(p => ({
    taskKey: p.key,
    sopKey: p.sopKey,
    stepKey: p.stepKey,
    goal: p.goal,
    marketing: p.marketing,
    createdAt,
    dueAt: p.dueAt,
    expiresAt: p.expiresAt,
    doneAt,
    open: doneAt === null,
  }))
}
