/**
 * Plans one generated customer: who they are, which staff serve them, where they are in the
 * lifecycle, and every row that follows from that.
 */
import { DAY, HOUR, MINUTE } from '#rules/time-units.ts'
import { type Category, type ChannelDef, CHANNELS, DEPARTMENTS, newCustomerCoupon, type PreferenceCategory, productBySku, type Region, STAFF, type StaffDef } from './catalog.ts'
import { DESCRIPTIONS, FEMALE_GIVEN, MALE_GIVEN, NICKNAMES, type PlaceDef, PLACES, SURNAMES } from './content.ts'
import { deriveIdentities, deriveTags, memberLevel, spendOf } from './derive.ts'
import { planTrail } from './events.ts'
import { chinaMonthDay, externalUserId, phoneNumber } from './ids.ts'
import { type DealTaste, planOrders } from './orders.ts'
import { ADD_WAY, awake, type CustomerPlan, type EventRow, type Lifecycle, type RelationRow } from './plan.ts'
import type { Random } from './random.ts'

export interface PlanContext {
  now: number
  nextOrderId: () => number
  /** Phone numbers the fixtures hold, which generated customers must not reuse. */
  reservedPhones: ReadonlySet<string>
}

const LIFECYCLES: readonly (readonly [Lifecycle, number])[] = [
  ['new', 8], ['active', 17], ['first_purchase', 18], ['repeat', 22], ['high_value', 6], ['silent', 18], ['churned', 11],
]
const PREFERENCE_WEIGHTS: readonly (readonly [PreferenceCategory, number])[] = [
  ['燕窝', 30], ['益生菌', 18], ['代餐', 15], ['蛋白粉', 12], ['胶原蛋白', 15], ['酵素', 10],
]
const IN_GROUP: Record<Lifecycle, number> = { new: 0.1, active: 0.45, first_purchase: 0.4, repeat: 0.55, high_value: 0.75, silent: 0.25, churned: 0.2 }
const MANUAL_TAGS = ['宝妈', '孕期', '上班族', '健身人群', '送礼需求', '中老年', '控糖'] as const
export const STAFF_NAMES: ReadonlyMap<number, string> = new Map(STAFF.map(s => [s.id, s.name]))
const CHANNEL_WEIGHTS = CHANNELS.map(c => [c, c.weight] as const)
const PLACE_WEIGHTS = PLACES.map(p => [p, p.weight] as const)

const FIXTURE_NAMES: ReadonlySet<string> = new Set(['林晓雯', '赵小米', '孙磊', '周婷', '吴芳'])

export function planCustomer(rng: Random, id: number, ctx: PlanContext): CustomerPlan {
  const { now } = ctx
  const lifecycle = rng.weighted(LIFECYCLES)
  const gender = rng.weighted([[2, 68], [1, 27], [0, 5]] as const)
  const surname = rng.weighted(SURNAMES)
  let realName = surname + (gender === 1 ? rng.pick(MALE_GIVEN) : rng.pick(FEMALE_GIVEN))
  // The fixtures' names stay unique, so searching the demo for 林晓雯 finds the one the README means.
  while (FIXTURE_NAMES.has(realName))
    realName = surname + (gender === 1 ? rng.pick(MALE_GIVEN) : rng.pick(FEMALE_GIVEN))
  const name = rng.chance(0.22) ? rng.pick(NICKNAMES) : realName
  const place = rng.chance(0.95) ? rng.weighted(PLACE_WEIGHTS) : null

  const time = timeline(rng, lifecycle, now)
  const channel = rng.chance(0.85) ? rng.weighted(CHANNEL_WEIGHTS) : null
  const seededProduct = channel?.productSku ? productBySku(channel.productSku) : null
  const seededCategory = asPreference(seededProduct?.category)
  const preferred = seededCategory && rng.chance(0.6) ? seededCategory : rng.weighted(PREFERENCE_WEIGHTS)
  const welcomeCoupon = newCustomerCoupon(seededCategory)
  const honorific = gender === 1 ? '先生' : '女士'
  const relations = planRelations(rng, { time, channel, place, lifecycle, remark: () => remark(rng, realName, surname, honorific, preferred, place, lifecycle) })

  const orderCount = ordersFor(rng, lifecycle)
  const packageCard = channel?.sourceTag === '包裹卡'
  const taste: DealTaste = rng.weighted([['reduction', 45], ['percent', 25], ['none', 30]] as const)
  const lastOrderAt = Math.min(time.lastActiveAt, now - 15 * MINUTE)
  // Package-card customers bought first and added the staff from the card in the parcel.
  const firstOrderAt = packageCard ? time.addedAt - rng.float(3, 12) * DAY : time.addedAt + rng.float(10 * MINUTE, 3 * DAY)
  const { orders, events: orderEvents } = planOrders(rng, {
    count: orderCount,
    extraBad: orderCount > 0 && rng.chance(0.08),
    from: Math.min(firstOrderAt, lastOrderAt - HOUR),
    to: lastOrderAt,
    now,
    preferred,
    taste,
    welcomeCoupon,
    addedAt: time.addedAt,
    minSpendCents: lifecycle === 'high_value' ? 110_000 : 0,
    staffId: relations[0]!.staffId,
  }, ctx.nextOrderId)

  const inGroup = rng.chance(IN_GROUP[lifecycle])
  const marketingAverse = lifecycle !== 'new' && lifecycle !== 'high_value' && rng.chance(lifecycle === 'churned' ? 0.08 : 0.02)
  const trail = planTrail(rng, {
    lifecycle,
    addedAt: time.addedAt,
    endAt: time.endAt,
    preferred,
    seededProduct,
    welcomeCoupon,
    relations,
    staffNames: STAFF_NAMES,
    inGroup,
    marketingAverse,
  })
  // Chat needs the friendship; everything needs to have happened by the end of the trail.
  const events = [...trail, ...orderEvents.filter(e => e.occurredAt <= time.endAt && (e.touchpoint !== 'single_chat' || e.occurredAt >= time.addedAt))]
    .sort((a, b) => a.occurredAt - b.occurredAt)

  const ordered = orders.length > 0
  const isMember = ordered || channel?.state === 'mp_member_register' || rng.chance(0.35)
  const level = memberLevel(isMember, orders)
  const phone = rng.chance(ordered ? 0.95 : isMember ? 0.85 : 0.3) ? phoneNumber(rng, id, ctx.reservedPhones) : null
  const hasOpenId = ordered || events.some(e => e.touchpoint === 'miniprogram') || rng.chance(0.5)
  const identities = deriveIdentities(rng, {
    customerId: id,
    externalUserId: externalUserId(rng, id),
    addedAt: time.addedAt,
    phone,
    isMember,
    hasUnionId: hasOpenId || rng.chance(0.7),
    hasOpenId,
    orders,
    events,
  })
  const manual = rng.chance(0.3) ? rng.sample(MANUAL_TAGS, rng.int(1, 2)) : []
  const tags = deriveTags({ now, relations, orders, events, memberLevel: level, inGroup, marketingAverse, fallbackPreference: seededCategory, manual })

  const birthday = rng.chance(isMember ? 0.75 : 0.45)
    ? (rng.chance(0.02) ? chinaMonthDay(now) : randomMonthDay(rng))
    : null
  const birthYear = rng.chance(0.7) ? rng.weighted([[[1958, 1969], 8], [[1970, 1979], 15], [[1980, 1989], 35], [[1990, 1999], 32], [[2000, 2005], 10]] as const) : null

  return {
    customer: {
      id,
      name,
      gender,
      province: place?.province ?? null,
      city: place?.city ?? null,
      birthYear: birthYear ? rng.int(birthYear[0], birthYear[1]) : null,
      birthday,
      memberLevel: level,
      points: isMember ? Math.floor(spendOf(orders) / 100) + rng.int(0, 30) * 10 : 0,
      phone,
      marketingAverse,
      createdAt: Math.min(time.addedAt, ...orders.map(o => o.orderedAt)),
      updatedAt: lastTouched(time.addedAt, events, relations, orders.map(o => o.paidAt ?? o.orderedAt)),
    },
    identities,
    relations,
    orders,
    events,
    tags,
  }
}

interface Timeline { addedAt: number, lastActiveAt: number, endAt: number, deletedAt: number | null }

type Span = readonly [fromDays: number, toDays: number]
/** How many days ago the customers of a living, buying lifecycle joined and were last active. */
const DAYS_AGO: Record<'active' | 'first_purchase' | 'repeat' | 'high_value', { added: Span, lastActive: Span }> = {
  active: { added: [8, 400], lastActive: [0, 20] },
  first_purchase: { added: [10, 400], lastActive: [0, 30] },
  repeat: { added: [45, 720], lastActive: [0, 40] },
  high_value: { added: [150, 900], lastActive: [0, 20] },
}

function timeline(rng: Random, lifecycle: Lifecycle, now: number): Timeline {
  let addedAt: number
  let lastActiveAt: number
  let deletedAt: number | null = null
  switch (lifecycle) {
    case 'new':
      addedAt = daysAgo(rng, now, 0.02, 6.9)
      lastActiveAt = now
      break
    case 'active':
    case 'first_purchase':
    case 'repeat':
    case 'high_value':
      addedAt = daysAgo(rng, now, ...DAYS_AGO[lifecycle].added)
      lastActiveAt = daysAgo(rng, now, ...DAYS_AGO[lifecycle].lastActive)
      break
    case 'silent':
      lastActiveAt = daysAgo(rng, now, 60, 180)
      addedAt = lastActiveAt - rng.float(10, 500) * DAY
      break
    case 'churned':
      deletedAt = daysAgo(rng, now, 3, 300)
      addedAt = deletedAt - rng.float(5, 400) * DAY
      lastActiveAt = deletedAt - rng.float(0, Math.min(30, (deletedAt - addedAt) / DAY))
      * DAY
      break
  }
  // New customers must stay inside their 7 days.
  addedAt = awake(rng, addedAt, lifecycle === 'new' ? now - 6.95 * DAY : Number.NEGATIVE_INFINITY, Math.min(lastActiveAt, deletedAt ?? now) - HOUR)
  // Whoever has been around for a while was last active some time after joining.
  if (lastActiveAt < addedAt + DAY)
    lastActiveAt = Math.min(lifecycle === 'silent' ? lastActiveAt : now, addedAt + rng.float(1, 5) * DAY)
  const endAt = lifecycle === 'new' ? now : deletedAt ?? (lifecycle === 'silent' ? lastActiveAt : now)
  return { addedAt, lastActiveAt: Math.max(lastActiveAt, addedAt + HOUR), endAt, deletedAt }
}

function daysAgo(rng: Random, now: number, lo: number, hi: number): number {
  return now - rng.float(lo, hi) * DAY
}

function ordersFor(rng: Random, lifecycle: Lifecycle): number {
  switch (lifecycle) {
    case 'new': case 'active': return 0
    case 'first_purchase': return 1
    case 'repeat': return rng.weighted([[2, 50], [3, 28], [4, 14], [5, 8]] as const)
    case 'high_value': return rng.int(6, 9)
    case 'silent': return rng.weighted([[0, 40], [1, 30], [2, 18], [3, 12]] as const)
    case 'churned': return rng.weighted([[0, 50], [1, 35], [2, 15]] as const)
  }
}

interface RelationInput { time: Timeline, channel: ChannelDef | null, place: PlaceDef | null, lifecycle: Lifecycle, remark: () => string | null }

function planRelations(rng: Random, input: RelationInput): RelationRow[] {
  const { time, channel } = input
  const primary = pickStaff(rng, input.place?.region ?? '其他', null)
  const rows: RelationRow[] = [{
    staffId: primary.id,
    remark: input.remark(),
    description: rng.chance(0.08) ? rng.pick(DESCRIPTIONS) : null,
    firstAddedAt: time.addedAt,
    state: channel?.state ?? null,
    addWay: channel ? ADD_WAY.scanQr : rng.pick([ADD_WAY.searchPhone, ADD_WAY.cardShare, ADD_WAY.groupChat]),
    status: 'active',
    statusChangedAt: null,
  }]
  // About 15% are co-served by a second (rarely a third) staff member (seed 002).
  if (rng.chance(0.15)) {
    const extra = rng.chance(0.8) ? 1 : 2
    const latest = Math.min(time.endAt, time.addedAt + 200 * DAY)
    for (let i = 0; i < extra; i++) {
      const s = pickStaff(rng, input.place?.region ?? '其他', rows.map(r => r.staffId))
      const via = rng.weighted([['assign', 30], ['card', 30], ['store', 40]] as const)
      const stores = CHANNELS.filter(c => c.sourceTag === '门店')
      rows.push({
        staffId: s.id,
        remark: rng.chance(0.5) ? input.remark() : null,
        description: null,
        firstAddedAt: time.addedAt + (latest - time.addedAt) * rng.next(),
        state: via === 'store' ? rng.pick(stores).state : null,
        addWay: via === 'assign' ? ADD_WAY.adminAssign : via === 'card' ? ADD_WAY.cardShare : ADD_WAY.scanQr,
        status: 'active',
        statusChangedAt: null,
      })
    }
  }
  if (time.deletedAt !== null) {
    for (const r of rows) {
      r.status = 'deleted_by_customer'
      r.statusChangedAt = Math.max(r.firstAddedAt + MINUTE, time.deletedAt + rng.float(0, 10) * MINUTE)
    }
  }
  return rows
}

function pickStaff(rng: Random, region: Region, exclude: number[] | null): StaffDef {
  const sameRegion = exclude === null || rng.chance(0.7)
  const departments = DEPARTMENTS.filter(d => d.region !== null && (region === '其他' || !sameRegion || d.region === region))
  const dept = rng.pick(departments)
  const candidates = STAFF.filter(s => s.departmentId === dept.id && !exclude?.includes(s.id))
  const pool = candidates.length ? candidates : STAFF.filter(s => !exclude?.includes(s.id))
  return rng.weighted(pool.map(s => [s, s.role === 'supervisor' ? 1 : s.position === '企微管家' ? 3 : 2] as const))
}

function remark(rng: Random, realName: string, surname: string, honorific: string, preferred: PreferenceCategory, place: PlaceDef | null, lifecycle: Lifecycle): string | null {
  if (!rng.chance(0.55))
    return null
  const loyal = lifecycle === 'repeat' || lifecycle === 'high_value'
  return rng.weighted([
    [`${surname}${honorific}-${preferred}`, 40],
    [realName, 25],
    [`${realName} ${place?.city ?? ''}`.trim(), 15],
    [loyal && honorific === '女士' ? `${surname}姐-${preferred}老客` : `${surname}${honorific}`, 20],
  ] as const)
}

function asPreference(category: Category | undefined): PreferenceCategory | null {
  return category && category !== '礼盒' && category !== '课程' ? category : null
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const
function randomMonthDay(rng: Random): string {
  const m = rng.int(1, 12)
  const d = rng.int(1, MONTH_DAYS[m - 1]!)
  return `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function lastTouched(addedAt: number, events: readonly EventRow[], relations: readonly RelationRow[], orderTimes: readonly number[]): number {
  let t = addedAt
  for (const e of events) t = Math.max(t, e.occurredAt)
  for (const r of relations) t = Math.max(t, r.firstAddedAt, r.statusChangedAt ?? 0)
  for (const o of orderTimes) t = Math.max(t, o)
  return t
}
