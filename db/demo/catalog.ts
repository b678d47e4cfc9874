/**
 * The demo brand's reference data: organisation, staff, products, channels, coupons and tags.
 * Ids are positions in these lists (1-based), inserted explicitly, so the customer planner can
 * refer to them without reading the database back.
 */

export type Category = '燕窝' | '益生菌' | '代餐' | '蛋白粉' | '胶原蛋白' | '酵素' | '礼盒' | '课程'
/** The categories customers form a preference for (tag group 商品偏好). */
export const PREFERENCE_CATEGORIES = ['燕窝', '益生菌', '代餐', '蛋白粉', '胶原蛋白', '酵素'] as const satisfies readonly Category[]
export type PreferenceCategory = typeof PREFERENCE_CATEGORIES[number]

export type Region = '华东' | '华南' | '华北' | '其他'

export interface DepartmentDef { id: number, name: string, parentId: number | null, region: Region | null }
export const DEPARTMENTS: readonly DepartmentDef[] = [
  { id: 1, name: '私域运营中心', parentId: null, region: null },
  { id: 2, name: '华东一部', parentId: 1, region: '华东' },
  { id: 3, name: '华东二部', parentId: 1, region: '华东' },
  { id: 4, name: '华南一部', parentId: 1, region: '华南' },
  { id: 5, name: '华北一部', parentId: 1, region: '华北' },
]

export interface StaffDef { id: number, userId: string, name: string, position: string, departmentId: number, role: 'staff' | 'supervisor' }
// The first four are fixtures that tests and the demo page rely on: keep their ids and fields.
const STAFF_ROWS: readonly (readonly [string, string, string, number, 'staff' | 'supervisor'])[] = [
  ['zhangli', '张丽', '企微管家', 2, 'staff'],
  ['wangfang', '王芳', '导购', 2, 'staff'],
  ['liuqiang', '刘强', '店长', 2, 'supervisor'],
  ['chenjing', '陈静', '企微管家', 4, 'staff'],
  ['zhaomin', '赵敏', '导购', 2, 'staff'],
  ['sunyue', '孙悦', '企微管家', 2, 'staff'],
  ['xuming', '徐明', '主管', 3, 'supervisor'],
  ['zhouyan', '周燕', '企微管家', 3, 'staff'],
  ['wujie', '吴杰', '导购', 3, 'staff'],
  ['zhengli', '郑莉', '企微管家', 3, 'staff'],
  ['qianhui', '钱慧', '导购', 3, 'staff'],
  ['huangwei', '黄伟', '店长', 4, 'supervisor'],
  ['linna', '林娜', '导购', 4, 'staff'],
  ['hexin', '何欣', '企微管家', 4, 'staff'],
  ['liangyu', '梁宇', '导购', 4, 'staff'],
  ['majun', '马军', '店长', 5, 'supervisor'],
  ['guoxue', '郭雪', '企微管家', 5, 'staff'],
  ['yanglei', '杨磊', '导购', 5, 'staff'],
  ['songqian', '宋倩', '企微管家', 5, 'staff'],
  ['hanmei', '韩梅', '导购', 5, 'staff'],
]
export const STAFF: readonly StaffDef[] = STAFF_ROWS.map(([userId, name, position, departmentId, role], i) => ({ id: i + 1, userId, name, position, departmentId, role }))

export function staffByUserId(userId: string): StaffDef {
  const s = STAFF.find(x => x.userId === userId)
  if (!s)
    throw new Error(`unknown demo staff ${userId}`)
  return s
}

export const MALL_BASE = 'https://mall.example.com'

export interface ProductDef { id: number, sku: string, name: string, category: Category, priceCents: number, url: string }
const PRODUCT_ROWS: readonly (readonly [string, string, Category, number])[] = [
  ['YW-JS-70G6', '即食燕窝 70g×6瓶', '燕窝', 39800],
  ['YW-XD-GIFT7', '鲜炖燕窝礼盒 45g×7瓶', '燕窝', 69900],
  ['YW-GZ-50G', '印尼干燕窝燕盏 50g', '燕窝', 128000],
  ['YW-TRIAL-3', '即食燕窝体验装 3瓶', '燕窝', 9900],
  ['YW-LOWSUGAR-6', '低糖即食燕窝 70g×6瓶', '燕窝', 45800],
  ['YSJ-ADULT-30', '成人益生菌冻干粉 2g×30袋', '益生菌', 16800],
  ['YSJ-KIDS-DROP', '儿童益生菌滴剂 8ml', '益生菌', 12900],
  ['YSJ-WOMEN-60', '女性益生菌胶囊 60粒', '益生菌', 21900],
  ['DC-SHAKE-CHOC', '代餐奶昔 巧克力味 10袋', '代餐', 13900],
  ['DC-SHAKE-MATCHA', '代餐奶昔 抹茶味 10袋', '代餐', 13900],
  ['DC-BAR-12', '高纤代餐棒 12支', '代餐', 7900],
  ['DC-PORRIDGE-15', '五谷代餐粥 15袋', '代餐', 8900],
  ['DB-WHEY-900', '乳清蛋白粉 900g', '蛋白粉', 25900],
  ['DB-SOY-450', '大豆分离蛋白粉 450g', '蛋白粉', 16900],
  ['DB-ELDER-CA', '中老年高钙蛋白粉 800g', '蛋白粉', 19900],
  ['JY-PEP-DRINK10', '胶原蛋白肽饮 50ml×10瓶', '胶原蛋白', 23800],
  ['JY-POWDER-30', '小分子胶原蛋白粉 30袋', '胶原蛋白', 29800],
  ['JS-FRUIT-10', '果蔬酵素饮 30ml×10瓶', '酵素', 15800],
  ['JS-JELLY-14', '酵素果冻 14条', '酵素', 6900],
  ['GIFT-NEWYEAR', '新春滋补礼盒（燕窝+胶原）', '礼盒', 88800],
  ['GIFT-PARENTS', '孝亲营养礼盒（蛋白粉+益生菌）', '礼盒', 49800],
  ['KC-NUTRI-21', '21天营养师控糖训练营', '课程', 9900],
  ['KC-YANWO-101', '燕窝挑选与炖煮入门课', '课程', 2990],
]
export const PRODUCTS: readonly ProductDef[] = PRODUCT_ROWS.map(([sku, name, category, priceCents], i) => ({
  id: i + 1, sku, name, category, priceCents, url: `${MALL_BASE}/goods/${sku}`,
}))

export function productBySku(sku: string): ProductDef {
  const p = PRODUCTS.find(x => x.sku === sku)
  if (!p)
    throw new Error(`unknown demo product ${sku}`)
  return p
}

/** Physical goods by category; courses are sold through 小鹅通 only. */
export const GOODS_BY_CATEGORY: Record<Category, ProductDef[]> = Object.fromEntries(
  (['燕窝', '益生菌', '代餐', '蛋白粉', '胶原蛋白', '酵素', '礼盒', '课程'] as const).map(c => [c, PRODUCTS.filter(p => p.category === c)]),
) as Record<Category, ProductDef[]>

export interface ChannelDef { id: number, state: string, name: string, productSku: string | null, sourceTag: string, weight: number }
const CHANNEL_ROWS: readonly (readonly [string, string, string | null, string, number])[] = [
  ['live_yanwo_1111', '燕窝直播间活码', 'YW-JS-70G6', '直播间', 14],
  ['pkg_card_probiotic', '包裹卡-益生菌', 'YSJ-ADULT-30', '包裹卡', 12],
  ['moments_ad_protein', '朋友圈广告-蛋白粉', 'DB-WHEY-900', '朋友圈广告', 8],
  ['store_qr_shanghai', '门店二维码-上海', 'YW-XD-GIFT7', '门店', 9],
  ['store_qr_guangzhou', '门店二维码-广州', 'JY-PEP-DRINK10', '门店', 6],
  ['store_qr_beijing', '门店二维码-北京', 'DB-ELDER-CA', '门店', 6],
  ['pkg_card_collagen', '包裹卡-胶原蛋白', 'JY-PEP-DRINK10', '包裹卡', 8],
  ['live_meal_618', '代餐直播间活码', 'DC-SHAKE-CHOC', '直播间', 9],
  ['mp_member_register', '小程序会员注册', 'YW-TRIAL-3', '小程序', 10],
  ['oa_menu_service', '公众号菜单-专属顾问', null, '公众号', 7],
  ['referral_poster', '老带新邀请海报', 'YW-JS-70G6', '老带新', 6],
  ['xhs_note_enzyme', '小红书笔记-酵素', 'JS-FRUIT-10', '小红书', 5],
]
export const CHANNELS: readonly ChannelDef[] = CHANNEL_ROWS.map(([state, name, productSku, sourceTag, weight], i) => ({ id: i + 1, state, name, productSku, sourceTag, weight }))

export function channelByState(state: string): ChannelDef {
  const c = CHANNELS.find(x => x.state === state)
  if (!c)
    throw new Error(`unknown demo channel ${state}`)
  return c
}

/** Coupon kinds map onto the 优惠偏好 tags: 'reduction' → 满减敏感, 'percent' → 折扣敏感. */
export type CouponKind = 'reduction' | 'percent'
export interface CouponDef { name: string, kind: CouponKind, valueCents: number, thresholdCents: number, percentOff: number, category: PreferenceCategory | null, use: 'new' | 'general' | 'birthday' | 'recall' }
const c = (name: string, kind: CouponKind, valueCents: number, thresholdCents: number, percentOff: number, category: PreferenceCategory | null, use: CouponDef['use']): CouponDef =>
  ({ name, kind, valueCents, thresholdCents, percentOff, category, use })
export const COUPONS: readonly CouponDef[] = [
  c('新客燕窝立减30元券', 'reduction', 3000, 0, 0, '燕窝', 'new'),
  c('益生菌新人专享8折券', 'percent', 0, 0, 20, '益生菌', 'new'),
  c('代餐奶昔体验立减20元券', 'reduction', 2000, 0, 0, '代餐', 'new'),
  c('蛋白粉新客立减25元券', 'reduction', 2500, 0, 0, '蛋白粉', 'new'),
  c('胶原蛋白新人9折券', 'percent', 0, 0, 10, '胶原蛋白', 'new'),
  c('酵素尝鲜立减15元券', 'reduction', 1500, 0, 0, '酵素', 'new'),
  c('满199减30', 'reduction', 3000, 19900, 0, null, 'general'),
  c('满299减50', 'reduction', 5000, 29900, 0, null, 'general'),
  c('满599减120', 'reduction', 12000, 59900, 0, null, 'general'),
  c('会员日9折券', 'percent', 0, 0, 10, null, 'general'),
  c('燕窝专享85折券', 'percent', 0, 0, 15, '燕窝', 'general'),
  c('生日礼金50元券', 'reduction', 5000, 10000, 0, null, 'birthday'),
  c('老客回归满200减60', 'reduction', 6000, 20000, 0, null, 'recall'),
]

export function couponByName(name: string): CouponDef {
  const found = COUPONS.find(x => x.name === name)
  if (!found)
    throw new Error(`unknown demo coupon ${name}`)
  return found
}

/** The new-customer coupon handed out in the welcome message of a channel seeded on `category`. */
export function newCustomerCoupon(category: Category | null): CouponDef {
  return COUPONS.find(x => x.use === 'new' && x.category === category) ?? COUPONS[0]!
}

export type TagSource = 'manual' | 'rule' | 'wecom'
export interface TagGroupDef { id: number, name: string, source: TagSource, tags: readonly string[] }
// Listed in display order: what the system learned from behaviour comes first in the sidebar.
const GROUP_ROWS: readonly (readonly [string, TagSource, readonly string[]])[] = [
  ['行为标签', 'rule', ['高价值客户', '深度阅读', '加购未支付', '代理意向', '高频咨询', '沉默客户', '拒绝营销']],
  ['来源渠道', 'wecom', ['直播间', '包裹卡', '朋友圈广告', '门店', '小程序', '公众号', '老带新', '小红书']],
  ['商品偏好', 'rule', PREFERENCE_CATEGORIES],
  ['优惠偏好', 'rule', ['满减敏感', '折扣敏感', '不敏感']],
  ['首单价格', 'rule', ['百元以下', '100-300', '300以上']],
  ['入群状态', 'rule', ['已入群', '未入群']],
  ['客户等级', 'rule', ['普通会员', '银卡', '金卡', '黑金']],
  ['客户特征', 'manual', ['宝妈', '孕期', '上班族', '健身人群', '送礼需求', '中老年', '控糖']],
]
export const TAG_GROUPS: readonly TagGroupDef[] = GROUP_ROWS.map(([name, source, tags], i) => ({ id: i + 1, name, source, tags }))

export interface TagDef { id: number, groupId: number, group: string, name: string, source: TagSource, wecomTagId: string | null }
export const TAGS: readonly TagDef[] = TAG_GROUPS.flatMap(g => g.tags.map(name => ({ groupId: g.id, group: g.name, name, source: g.source })))
  .map((t, i) => ({ ...t, id: i + 1, wecomTagId: t.source === 'wecom' ? `etDemoTag${String(i + 1).padStart(4, '0')}` : null }))

const TAG_IDS = new Map(TAGS.map(t => [`${t.group}/${t.name}`, t.id]))
/** Tag id by group and name; throws on a typo so fixtures cannot silently lose a tag. */
export function tagId(group: string, name: string): number {
  const id = TAG_IDS.get(`${group}/${name}`)
  if (id === undefined)
    throw new Error(`unknown demo tag ${group}/${name}`)
  return id
}

export const MEMBER_LEVELS = ['普通会员', '银卡', '金卡', '黑金'] as const
export type MemberLevel = typeof MEMBER_LEVELS[number]

/** Level from lifetime paid spend in fen. */
export function memberLevelFor(spentCents: number): MemberLevel {
  if (spentCents >= 400000)
    return '黑金'
  if (spentCents >= 150000)
    return '金卡'
  if (spentCents >= 50000)
    return '银卡'
  return '普通会员'
}

/** 首单价格 bucket of a first order's paid amount. */
export function firstOrderBucket(paidCents: number): string {
  if (paidCents < 10000)
    return '百元以下'
  if (paidCents <= 30000)
    return '100-300'
  return '300以上'
}
