import type { customerIdentities, orderSources } from '#db/schema.ts'

export type IdentityKind = typeof customerIdentities.$inferInsert['kind']
export type DbOrderSource = typeof orderSources[number]

/** One identifier of a person: what customer_identities stores, unique per (kind, value). */
export interface IdentityKey {
  kind: IdentityKind
  value: string
}

/** A shop's own buyer id is only unique within that shop: its kind says which shop. */
export const BUYER_KIND: Record<DbOrderSource, IdentityKind> = {
  youzan: 'youzan_buyer',
  tmall: 'tmall_buyer',
  // 淘宝 and 天猫 share one buyer account system.
  taobao: 'tmall_buyer',
  mall: 'mall_buyer',
  wdt: 'wdt_buyer',
  jst: 'jst_buyer',
  weimob: 'weimob_buyer',
  xiaoe: 'xiaoe_user',
  zsxq: 'zsxq_user',
}
