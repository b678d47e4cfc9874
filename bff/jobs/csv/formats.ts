/**
 * How each shop's order export names its columns and statuses. A field lists every header it
 * goes by (exports differ between back-office versions and report types); the first present wins.
 *
 * - 有赞 (订单导出, one row per order line): 订单号, 订单状态, 买家付款时间, 订单实付金额, 商品名称…
 * - 淘宝/天猫 (订单报表 ExportOrderList, one row per order): 订单编号, 买家会员名, 买家实际支付金额,
 *   订单状态, 订单付款时间, 宝贝标题, 宝贝总数量, 联系手机…
 * - generic: the API's own field names in snake_case, one row per order line.
 */
import { ORDER_STATUSES, type OrderStatus } from '#rules/order-status.ts'

export type CsvField = 'orderId' | 'status' | 'paidAt' | 'createdAt' | 'amount' | 'phone' | 'buyerId' | 'name' | 'unionId' | 'openId'
  | 'memberId' | 'externalUserId' | 'itemName' | 'sku' | 'category' | 'quantity' | 'price' | 'lineTotal' | 'couponCode' | 'refundStatus'

export interface CsvFormat {
  key: 'youzan' | 'taobao' | 'generic'
  label: string
  columns: Partial<Record<CsvField, readonly string[]>>
  required: readonly CsvField[]
  /** The order's status from the export's words; null = not an order we import (unpaid). */
  status: (text: string, refundText: string) => OrderStatus | null | undefined
  /** One row per order (淘宝 订单报表): the row is its only line. */
  oneRowPerOrder: boolean
}

/** Chinese back-office statuses, most specific first. undefined: not recognised. */
function chineseStatus(text: string, refund: string): OrderStatus | null | undefined {
  const t = `${text}${refund}`
  if (/退款成功|已退款|全额退款|全部退款|退款以后|用户退款成功/.test(t))
    return 'refunded'
  if (/关闭|取消/.test(text))
    return 'cancelled'
  if (/等待买家付款|待付款|未付款|待支付/.test(text))
    return null
  if (/交易成功|交易完成|已完成|已签收|已收货/.test(text))
    return 'completed'
  if (/已发货|待收货|等待买家确认|部分发货/.test(text))
    return 'shipped'
  if (/待发货|已付款|等待卖家发货|已支付|待成团|待核销/.test(text))
    return 'paid'
  return undefined
}

export const YOUZAN: CsvFormat = {
  key: 'youzan',
  label: '有赞订单导出',
  columns: {
    orderId: ['订单号', '订单编号'],
    status: ['订单状态'],
    refundStatus: ['退款状态', '售后状态'],
    paidAt: ['买家付款时间', '付款时间', '支付时间'],
    createdAt: ['订单创建时间', '下单时间'],
    amount: ['订单实付金额', '订单实付(元)', '实付金额', '订单实付'],
    phone: ['买家手机号', '收货人手机号/提货人手机号', '收货人手机号', '收货人电话'],
    buyerId: ['买家ID', '买家id', '粉丝ID', '客户ID'],
    name: ['收货人/提货人', '收货人姓名', '买家姓名', '收货人'],
    unionId: ['unionid', 'UnionID'],
    itemName: ['商品名称'],
    sku: ['规格编码', '商品编码', '商家编码'],
    category: ['商品分组', '商品类目'],
    quantity: ['商品数量', '购买数量'],
    price: ['商品单价', '单价'],
    lineTotal: ['商品实际成交金额', '商品金额小计'],
    couponCode: ['优惠券码', '优惠码'],
  },
  required: ['orderId', 'status', 'amount', 'itemName'],
  status: chineseStatus,
  oneRowPerOrder: false,
}

export const TAOBAO: CsvFormat = {
  key: 'taobao',
  label: '淘宝/天猫订单报表',
  columns: {
    orderId: ['订单编号', '主订单编号', '订单号'],
    status: ['订单状态'],
    refundStatus: ['退款状态'],
    paidAt: ['订单付款时间', '付款时间'],
    createdAt: ['订单创建时间', '创建时间'],
    amount: ['买家实际支付金额', '实付金额', '买家实付金额'],
    phone: ['联系手机', '收货人手机号', '手机'],
    buyerId: ['买家会员名', '买家昵称', '买家ID'],
    name: ['收货人姓名', '收货人'],
    itemName: ['宝贝标题', '商品标题', '标题'],
    sku: ['商家编码', '商品编码'],
    quantity: ['宝贝总数量', '购买数量', '商品数量'],
    price: ['价格', '商品价格'],
    lineTotal: ['总金额', '买家应付货款'],
  },
  required: ['orderId', 'status', 'amount', 'itemName'],
  status: chineseStatus,
  oneRowPerOrder: true,
}

export const GENERIC: CsvFormat = {
  key: 'generic',
  label: '通用订单 CSV',
  columns: {
    orderId: ['source_order_id', 'order_id'],
    status: ['status'],
    paidAt: ['paid_at'],
    amount: ['amount'],
    phone: ['phone'],
    buyerId: ['buyer_id'],
    name: ['name'],
    unionId: ['union_id', 'unionid'],
    openId: ['open_id', 'openid'],
    memberId: ['member_id'],
    externalUserId: ['external_user_id'],
    itemName: ['item_name'],
    sku: ['sku'],
    category: ['category'],
    quantity: ['quantity'],
    price: ['price'],
    couponCode: ['coupon_code'],
  },
  required: ['orderId', 'status', 'paidAt', 'amount', 'itemName', 'quantity', 'price'],
  status: (text) => {
    const s = text.trim().toLowerCase()
    return s === 'pending' ? null : ORDER_STATUSES.find(x => x === s)
  },
  oneRowPerOrder: false,
}

export const FORMATS = { youzan: YOUZAN, taobao: TAOBAO, generic: GENERIC } as const

/** The export format a source's files come in unless told otherwise. */
export function defaultFormat(source: string): CsvFormat {
  if (source === 'youzan')
    return YOUZAN
  if (source === 'tmall' || source === 'taobao')
    return TAOBAO
  return GENERIC
}

/** Column index per field, or the missing required fields. */
export function locateColumns(format: CsvFormat, headers: readonly string[]): { columns: Partial<Record<CsvField, number>>, missing: CsvField[] } {
  const clean = headers.map(h => h.replace(/^\uFEFF/, '').trim())
  const columns: Partial<Record<CsvField, number>> = {}
  for (const [field, names] of Object.entries(format.columns) as Array<[CsvField, readonly string[]]>) {
    for (const name of names) {
      const i = clean.indexOf(name)
      if (i >= 0) {
        columns[field] = i
        break
      }
    }
  }
  return { columns, missing: format.required.filter(f => columns[f] === undefined) }
}
