/** Realistic sidebar data for unit tests (and nothing else: not imported by the app). */
import type { EventPage, Order, SidebarResponse, TrailEvent } from '#contract/customer.ts'

export function makeOrder(id: number, overrides: Partial<Order> = {}): Order {
  return {
    id,
    source: 'youzan',
    sourceOrderId: `E2026111814032700${id}`,
    status: 'completed',
    totalCents: 79600,
    discountCents: 5000,
    paidCents: 74600,
    couponName: '满500减50',
    orderedAt: '2026-11-18T06:03:27.000Z',
    items: [
      { name: '即食燕窝 6瓶装', quantity: 2, unitPriceCents: 39800, category: '燕窝' },
    ],
    ...overrides,
  }
}

export function makeEvent(id: number, overrides: Partial<TrailEvent> = {}): TrailEvent {
  return {
    id,
    kind: 'article_read',
    touchpoint: 'moments',
    occurredAt: '2026-11-20T02:15:00.000Z',
    title: '燕窝怎么吃才有效？',
    url: null,
    productName: null,
    durationSeconds: 750,
    amountCents: null,
    content: null,
    staffName: null,
    ...overrides,
  }
}

/** The first page of the trail, as GET /api/customers/:id/events answers it. */
export function makeEventPage(): EventPage {
  return {
    items: [
      makeEvent(11),
      makeEvent(12, { kind: 'cart_add', touchpoint: 'mall', title: null, productName: '即食燕窝 6瓶装', durationSeconds: null, amountCents: 39800 }),
      makeEvent(13, { kind: 'message_in', touchpoint: 'single_chat', title: null, durationSeconds: null, content: '这个燕窝孕妇可以吃吗？' }),
    ],
    nextCursor: 'e3',
  }
}

export function makeSidebar(overrides: Partial<SidebarResponse> = {}): SidebarResponse {
  return {
    customer: {
      externalUserId: 'wmABC123',
      name: '陈静',
      remark: '静姐-燕窝老客',
      avatar: null,
      gender: 'female',
      province: '上海',
      city: '上海',
      ageBand: '30-39岁',
      birthday: '11-25',
      memberLevel: '金卡会员',
      points: 2380,
      phoneMasked: '138****1234',
      marketingAverse: false,
      channel: { state: 'store_jingan', name: '静安店门店活码' },
      firstAddedAt: '2026-11-18T06:03:27.000Z',
      relationStatus: 'active',
      coServingStaff: [{ userId: 'wangfang', name: '王芳', firstAddedAt: '2026-10-02T01:12:09.000Z', status: 'active' }],
    },
    tags: [
      { id: 1, name: '燕窝', group: '产品偏好', source: 'manual' },
      { id: 2, name: '高意向', group: '生命周期', source: 'rule' },
      { id: 3, name: '门店', group: '渠道', source: 'wecom' },
      { id: 4, name: '益生菌', group: '产品偏好', source: 'manual' },
    ],
    figures: {
      orderCount: 6,
      totalSpentCents: 138000,
      avgOrderCents: 23000,
      lastOrderAt: '2026-11-18T06:03:27.000Z',
      daysSinceLastOrder: 5,
      messagesFromCustomer: 34,
    },
    stage: null,
    tasks: [],
    ...overrides,
  }
}
