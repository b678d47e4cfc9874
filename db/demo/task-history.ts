/**
 * Thirty days of SOP task history for the demo brand, so the supervisor page has something to
 * show on the first start: tasks that were due on each past day and were done (sent from the
 * sidebar or marked), skipped with a reason, or left to expire — and, for staff beyond the four
 * fixture members, a few still open from the last days (overdue, worth a nudge).
 *
 * Deterministic like the rest of the generator. Nothing lands on today (today's tasks are the
 * journey engine's), fixture customers (ids 1–5) get none, and each member's load is capped at a
 * believable day's work however many customers they serve, so 200,000 customers stay fast.
 * History keys start with `history:`, which the SOP planner never matches against its own keys.
 */
import type Database from 'better-sqlite3'
import { chinaDayStart } from '#rules/china-time.ts'
import { DAY, HOUR, MINUTE } from '#rules/time-units.ts'
import { prepareSql, sqlTuples } from '../sql/typed-sql.ts'
import { bulkInsert, BulkTable } from './bulk.ts'
import { deriveSeed, Random } from './random.ts'

/** Active relations of generated customers, oldest first per customer. */
const RELATIONS = sqlTuples<[customerId: number, staffId: number, addedAt: number], [afterCustomerId: number]>(`select customer_id as customerId, staff_id as staffId, first_added_at as addedAt from staff_customers
    where status = 'active' and customer_id > ? order by customer_id, first_added_at, id`)
const TASKS = bulkInsert('tasks', `key, customer_id, staff_id, sop_key, sop_name, step_key, step_name, goal, kind, touchpoint,
    marketing, content, reason, due_at, expires_at, status, completed_at, completion_method, sent_text, skip_reason, skip_note, closed_at, created_at`)

export const HISTORY_DAYS = 30
/** Expected history tasks per customer over the 30 days, before the per-member cap. */
const TASKS_PER_CUSTOMER = 1.5
/** About a full day's SOP work for one member. */
const MAX_TASKS_PER_MEMBER_DAY = 30
/** Fixture staff: their today's lists are pinned by tests, so nothing of theirs stays open. */
const FIXTURE_STAFF_MAX_ID = 4
const FIXTURE_CUSTOMER_MAX_ID = 5
const HISTORY_SEED_SALT = 0x5ab0_0005

type Goal = '培育' | '激活' | '复购' | '关怀'
type Kind = 'marketing' | 'care' | 'service'
interface StepDef { sopKey: string, sopName: string, stepKey: string, stepName: string, goal: Goal, kind: Kind, touchpoint: 'single_chat' | 'group' | 'moments', weight: number, ease: number, text: string }

const step = (sopKey: string, sopName: string, stepKey: string, stepName: string, goal: Goal, kind: Kind, touchpoint: StepDef['touchpoint'], weight: number, ease: number, text: string): StepDef =>
  ({ sopKey, sopName, stepKey, stepName, goal, kind, touchpoint, weight, ease, text })

/** The SOP library's steps (bff/journeys/default.sops.json); `ease` scales how often each gets done. */
const STEPS: readonly StepDef[] = [
  step('new_customer', '新客培育', 'welcome', '欢迎语+专属券', '培育', 'service', 'single_chat', 10, 1.05, '您好，我是您的专属管家，送您一张新客专属券～'),
  step('new_customer', '新客培育', 'follow_up.ordered', '24小时跟进·已下单', '关怀', 'service', 'single_chat', 5, 1.0, '您的订单已收到，发货后第一时间同步物流～'),
  step('new_customer', '新客培育', 'follow_up.claimed_not_ordered', '24小时跟进·领券未下单', '培育', 'marketing', 'single_chat', 6, 0.9, '您领的券还没用哦，过期就失效啦～'),
  step('new_customer', '新客培育', 'follow_up.not_claimed', '24小时跟进·未领券', '培育', 'marketing', 'single_chat', 5, 0.85, '送您的新客券还没领取，点链接就能领～'),
  step('new_customer', '新客培育', 'day7.general', '第7天·衍生品推荐·滋补指南', '培育', 'marketing', 'single_chat', 6, 0.8, '整理了一份滋补指南，您看看有没有用～'),
  step('new_customer', '新客培育', 'day15.reduction', '第15天·优惠活动·满减敏感', '复购', 'marketing', 'single_chat', 5, 0.75, '本周满199减30，给您留意着～'),
  step('new_customer', '新客培育', 'day30.referral', '第30天·转介绍与复购·已购：老带新', '复购', 'marketing', 'single_chat', 3, 0.6, '邀请好友一起来，双方都有礼～'),
  step('silent_reactivation', '沉默激活', 'recall.buyer', '大额券召回·有过消费', '激活', 'marketing', 'single_chat', 6, 0.65, '好久不见，给您申请了一张回归专享券～'),
  step('silent_reactivation', '沉默激活', 'group_invite', '社群唤醒', '激活', 'marketing', 'group', 3, 0.55, '会员群每周有营养师答疑，邀请您进群～'),
  step('high_value_care', '高价值关怀/复购', 'care', '专属关怀', '关怀', 'care', 'single_chat', 4, 1.05, '最近吃得怎么样？有什么感受随时和我说～'),
  step('high_value_care', '高价值关怀/复购', 'moments', '朋友圈互动', '关怀', 'care', 'moments', 3, 0.7, '在朋友圈给客户点赞评论'),
  step('high_value_care', '高价值关怀/复购', 'repurchase', '复购提醒', '复购', 'marketing', 'single_chat', 3, 0.9, '上次买的应该快吃完了，需要帮您留一份吗～'),
  step('coupon_expiring', '优惠券明天到期', 'remind', '到期提醒', '复购', 'service', 'single_chat', 4, 0.95, '您的优惠券明天到期，别忘了使用哦～'),
  step('repurchase_60d', '距上次购买60天', 'offer', '大额折扣', '复购', 'marketing', 'single_chat', 3, 0.8, '老客专享折扣，这周有效～'),
  step('birthday_care', '生日关怀', 'greeting.gift', '生日祝福·祝福+生日礼', '关怀', 'care', 'single_chat', 1, 1.1, '生日快乐！送您一份生日礼～'),
  step('cart_unpaid_12h', '购物车12小时未付款', 'nudge', '加购提醒', '培育', 'marketing', 'single_chat', 3, 0.75, '您购物车里的宝贝还在，有疑问可以问我～'),
  step('agent_interest', '代理意向跟进', 'intro', '介绍代理政策', '培育', 'marketing', 'single_chat', 1, 0.95, '代理政策整理好了，发您看看～'),
]
const WEIGHTED = STEPS.map(s => [s, s.weight] as const)

const SKIP_REASONS = [['customer_bought', 4], ['contacted_elsewhere', 4], ['not_interested', 3], ['content_unfit', 2], ['other', 1]] as const
const SKIP_NOTES: Record<string, readonly string[]> = {
  customer_bought: ['客户昨天已在天猫下单', '已在门店购买'],
  contacted_elsewhere: ['电话里已经沟通过', '群里已回复过'],
  not_interested: ['客户说暂时不需要', '客户在外地出差，回来再联系'],
  content_unfit: ['客户对燕窝过敏，话术不合适', '活动不适用于该客户'],
  other: ['客户要求不要频繁打扰'],
}

export interface HistorySummary { tasks: number }

/** Writes the history into the open transaction. */
export function writeTaskHistory(sqlite: Database.Database, { seed, now }: { seed: number, now: number }): HistorySummary {
  const todayStart = chinaDayStart(now)
  const relations = prepareSql(sqlite, RELATIONS).all(FIXTURE_CUSTOMER_MAX_ID)
  // One owner per customer: the earliest active relation.
  const owners: [number, number, number][] = []
  for (const r of relations) {
    if (owners.length === 0 || owners[owners.length - 1]![0] !== r[0])
      owners.push(r)
  }
  const perStaff = new Map<number, number>()
  for (const [, staffId] of owners) perStaff.set(staffId, (perStaff.get(staffId) ?? 0) + 1)
  const diligence = new Map([...perStaff.keys()].map(id => [id, new Random(deriveSeed(seed ^ HISTORY_SEED_SALT, id)).float(0.55, 0.95)]))

  const table = new BulkTable(sqlite, TASKS)
  let written = 0
  for (const [customerId, staffId, addedAt] of owners) {
    const rng = new Random(deriveSeed(seed ^ HISTORY_SEED_SALT, customerId))
    const expected = Math.min(TASKS_PER_CUSTOMER, MAX_TASKS_PER_MEMBER_DAY * HISTORY_DAYS / perStaff.get(staffId)!)
    // Whole tasks plus one more with the fractional chance: the mean is `expected`.
    const n = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0) + (rng.chance(0.3) ? 1 : 0) - (rng.chance(0.3) ? 1 : 0)
    for (let k = 0; k < n; k++) {
      const s = rng.weighted(WEIGHTED)
      const daysAgo = rng.int(1, HISTORY_DAYS)
      const dueAt = todayStart - daysAgo * DAY + 9 * HOUR + rng.int(0, 10 * 60) * MINUTE
      if (dueAt <= addedAt)
        continue
      const pDone = Math.min(0.98, diligence.get(staffId)! * s.ease)
      const r = rng.next()
      let status: 'done' | 'skipped' | 'expired' | 'pending' = r < pDone ? 'done' : rng.chance(0.45) ? 'skipped' : 'expired'
      if (status !== 'done' && staffId > FIXTURE_STAFF_MAX_ID && daysAgo <= 3 && rng.chance(0.6))
        status = 'pending'
      let expiresAt = dueAt + DAY
      let completedAt: number | null = null
      let method: 'sent' | 'manual' | null = null
      let skipReason: string | null = null
      let skipNote: string | null = null
      let closedAt: number | null = null
      if (status === 'done') {
        // Most within the hour, a long tail to the next day.
        const delay = 3 * MINUTE + rng.next() ** 3 * 26 * HOUR
        completedAt = Math.min(dueAt + delay, todayStart - MINUTE)
        method = rng.chance(0.75) ? 'sent' : 'manual'
        closedAt = completedAt
      }
      else if (status === 'skipped') {
        skipReason = rng.weighted(SKIP_REASONS)
        skipNote = rng.chance(0.6) ? rng.pick(SKIP_NOTES[skipReason]!) : null
        closedAt = Math.min(dueAt + rng.int(10, 8 * 60) * MINUTE, todayStart - MINUTE)
      }
      else if (status === 'expired') {
        expiresAt = Math.min(expiresAt, todayStart)
        closedAt = expiresAt
      }
      else {
        expiresAt = todayStart + 3 * DAY
      }
      table.add(`history:${s.sopKey}:${s.stepKey}:${customerId}:${k}`, customerId, staffId, s.sopKey, s.sopName, s.stepKey, s.stepName, s.goal, s.kind, s.touchpoint,
        s.kind === 'marketing' ? 1 : 0, JSON.stringify({ text: s.text }), `${s.sopName}：${s.stepName}`, dueAt, expiresAt, status,
        completedAt, method, method === 'sent' ? s.text : null, skipReason, skipNote, closedAt, dueAt - HOUR)
      written++
      if (table.pendingRows >= 2048)
        table.flush()
    }
  }
  table.flush()
  return { tasks: written }
}
