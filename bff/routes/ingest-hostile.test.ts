/**
 * Hundreds of generated malformed, hostile and oversized requests to every ingest and callback
 * route: none may answer 5xx, and nothing of a rejected item may be stored.
 */
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestResponse } from '../contract/ingest.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { seedJourneyBrand } from '../test/journey-fixtures.ts'
import { contactEventXml, signedCallback, TEST_CALLBACK } from '../test/wecom-callback.ts'

const TOKEN = 'hostile-token-0123456789'

/** mulberry32: the same payloads every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = rng(20261120)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!

const NASTY: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 1e21, -0.001, 2 ** 53 + 1, '', ' ', 'x', '0', '-5', '12.345', 'NaN', 'Infinity', '1e309',
  '\u0000', '\uFFFF\uD800', '😀'.repeat(50), 'a'.repeat(100_000), '<script>alert(1)</script>', '\'; drop table orders; --',
  '2026-13-45T99:99:99Z', '2026-11-20T10:00:00', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', [], [1, 2], {}, { a: { b: { c: {} } } },
  { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
]

function validOrder(n: number) {
  return {
    source: 'youzan',
    sourceOrderId: `H-${n}`,
    customer: { phone: `137${String(n).padStart(8, '0')}`, unionId: `u-h-${n}` },
    status: 'paid',
    paidAt: new Date(TEST_NOW - 3600_000).toISOString(),
    amount: '99.00',
    items: [{ sku: `SKU-H-${n % 7}`, name: '商品', category: '燕窝', quantity: 1, price: '99.00' }],
    couponCode: null,
  }
}

function validEvent(n: number) {
  return {
    id: `h-${n}`,
    type: pick(['article_read', 'link_click', 'message_in', 'coupon_claim']),
    touchpoint: 'moments',
    occurredAt: new Date(TEST_NOW - 60_000).toISOString(),
    customer: { openId: `o-h-${n}` },
    props: { title: '标题', seconds: 30, url: 'https://example.com/a', content: '你好' },
  }
}

/** 1–3 random changes anywhere in the item, at any depth. */
function mutate(item: Record<string, unknown>): { item: Record<string, unknown>, touchedId: boolean } {
  const copy = JSON.parse(JSON.stringify(item)) as Record<string, unknown>
  let touchedId = false
  const changes = 1 + Math.floor(random() * 3)
  for (let i = 0; i < changes; i++) {
    let target: Record<string, unknown> = copy
    const nested = Object.keys(copy).filter(k => typeof copy[k] === 'object' && copy[k] !== null && !Array.isArray(copy[k]))
    if (nested.length && random() < 0.4)
      target = copy[pick(nested)] as Record<string, unknown>
    const key = random() < 0.15 ? pick(['__proto__', 'constructor', 'extra', 'prototype']) : pick(Object.keys(target).length ? Object.keys(target) : ['x'])
    if (target === copy && (key === 'id' || key === 'sourceOrderId' || key === 'source'))
      touchedId = true
    if (random() < 0.25)
      delete target[key]
    else
      target[key] = pick(NASTY)
  }
  return { item: copy, touchedId }
}

describe('hostile input to the ingest and callback routes', () => {
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  const statuses: Record<string, number> = {}
  beforeAll(async () => {
    ctx = await buildTestApp({
      ingestToken: TOKEN,
      wecomCallback: { token: TEST_CALLBACK.token, aesKey: TEST_CALLBACK.aesKey },
      // Nothing listens on port 9: a profile fetch fails at once (the handlers here never need one).
      wecom: { corpId: TEST_CALLBACK.corpId, agentId: '1000002', secret: 's', apiBase: 'http://127.0.0.1:9', oauthBase: 'http://127.0.0.1:9' },
    })
    seedJourneyBrand(ctx.handle.db)
  })
  afterAll(async () => {
    await ctx.app.recomputeIdle()
    await ctx.close()
  })

  const count = (sql: string, ...args: unknown[]) => ctx.handle.sqlite.prepare(sql).pluck().get(...args) as number
  const inject = async (opts: InjectOptions & { url: string }) => {
    const res = await ctx.app.inject(opts)
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
    expect(res.statusCode, `${opts.method} ${opts.url} → ${res.body.slice(0, 300)}`).toBeLessThan(500)
    return res
  }
  const auth = { 'authorization': `Bearer ${TOKEN}`, 'content-type': 'application/json' }

  it('should answer 300 batches of mutated orders and events item by item, storing nothing of a rejected one', async () => {
    let n = 0
    for (let round = 0; round < 300; round++) {
      const orders = round % 2 === 0
      const size = 1 + Math.floor(random() * 8)
      const items: Array<{ item: Record<string, unknown>, touchedId: boolean, id: string }> = []
      for (let i = 0; i < size; i++) {
        const base = orders ? validOrder(++n) : validEvent(++n)
        const id = orders ? (base as { sourceOrderId: string }).sourceOrderId : `api:${(base as { id: string }).id}`
        items.push(random() < 0.7 ? { ...mutate(base), id } : { item: base, touchedId: false, id })
      }
      const eventsBefore = count('select count(*) from events')
      const res = await inject({ method: 'POST', url: orders ? '/api/ingest/orders' : '/api/ingest/events', headers: auth, payload: JSON.stringify(orders ? { orders: items.map(x => x.item) } : { events: items.map(x => x.item) }) })
      const json = JSON.stringify(items.map(x => x.item))
      if (res.statusCode === 400) {
        // The JSON parser refuses prototype-pollution keys for the whole body.
        expect(json).toMatch(/"(__proto__|constructor)"/)
        expect(res.json().message).toMatch(/prototype|not valid JSON/)
        expect(count('select count(*) from events')).toBe(eventsBefore)
        continue
      }
      expect(res.statusCode).toBe(200)
      const body = res.json<IngestResponse>()
      expect(body.accepted + body.duplicates + body.rejected.length).toBe(size)
      for (const { index, message } of body.rejected) {
        expect(message.length).toBeGreaterThan(10)
        const { id, touchedId } = items[index]!
        if (!touchedId) {
          const stored = orders ? count('select count(*) from orders where source_order_id = ?', id) : count('select count(*) from events where idempotency_key = ?', id)
          expect(stored, `${id} was rejected (${message}) but stored`).toBe(0)
        }
      }
      if (!orders)
        expect(count('select count(*) from events') - eventsBefore).toBe(body.accepted)
    }
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted')
  }, 60_000)

  it('should answer malformed bodies, wrong content types, bad tokens and oversized batches with 4xx', async () => {
    const bodies = ['', '{', '[]', 'null', '"orders"', '{"orders": {}}', '{"orders": "x"}', '{"events": null}', '{"orders": [1, 2, 3]}',
      '{"__proto__": {"orders": []}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\u0000\u0001', '{"orders":[{"source":"youzan"}]}garbage']
    for (let i = 0; i < 80; i++) {
      const url = pick(['/api/ingest/orders', '/api/ingest/events'])
      const contentType = pick(['application/json', 'application/json', 'text/plain', 'text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
      const authorization = pick([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}x`, 'Basic Zm9vOmJhcg==', '', `Bearer ${'a'.repeat(5000)}`])
      await inject({ method: pick(['POST', 'POST', 'PUT', 'GET']) as 'POST', url, headers: { 'content-type': contentType, authorization }, payload: pick(bodies) })
    }
    const huge = await inject({ method: 'POST', url: '/api/ingest/events', headers: auth, payload: `{"events": ["${'x'.repeat(9 * 1024 * 1024)}"]}` })
    expect(huge.statusCode).toBe(413)
    const tooMany = await inject({ method: 'POST', url: '/api/ingest/orders', headers: auth, payload: JSON.stringify({ orders: Array.from({ length: 1500 }, (_, i) => validOrder(1e6 + i)) }) })
    expect(tooMany.statusCode).toBe(413)
    expect(count(`select count(*) from orders where source_order_id like 'H-1%' and length(source_order_id) > 8`)).toBe(0)
  })

  it('should refuse forged, stale, malformed and oversized callbacks with 4xx and store none', async () => {
    const nowS = Math.floor(TEST_NOW / 1000)
    const xml = contactEventXml(TEST_CALLBACK.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmLoyal01', createTimeS: nowS })
    const genuine = signedCallback(TEST_CALLBACK, xml, nowS)
    const otherKey = signedCallback({ ...TEST_CALLBACK, token: 'attacker' }, xml, nowS)
    const otherCorp = signedCallback({ ...TEST_CALLBACK, corpId: 'wwattacker' }, xml, nowS)
    const stale = signedCallback(TEST_CALLBACK, xml, nowS - 86_400)
    const queries = [genuine.url.split('?')[1]!, otherKey.url.split('?')[1]!, stale.url.split('?')[1]!, otherCorp.url.split('?')[1]!, '', 'msg_signature=&timestamp=&nonce=',
      'msg_signature=zz&timestamp=abc&nonce=1', `msg_signature=${'f'.repeat(40)}&timestamp=${nowS}&nonce=1`, `timestamp=${'9'.repeat(40)}&nonce=1&msg_signature=a`]
    const bodies = [otherKey.body, otherCorp.body, stale.body, '', '<xml></xml>', '<xml><Encrypt></Encrypt></xml>', '<xml><Encrypt><![CDATA[!!!not base64!!!]]></Encrypt></xml>',
      `<xml><Encrypt>${'A'.repeat(70_000)}</Encrypt></xml>`, '{"Encrypt": "x"}', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>']
    for (let i = 0; i < 120; i++) {
      const query = pick(queries)
      const body = pick(bodies)
      // The genuine query with another body, or another query with a forged body: never both genuine.
      if (query === queries[0] && body === genuine.body)
        continue
      await inject({ method: pick(['POST', 'POST', 'GET']) as 'POST', url: `/api/wecom/callback?${query}${random() < 0.3 ? `&echostr=${encodeURIComponent(pick(['abc', otherKey.body, '']))}` : ''}`, headers: { 'content-type': pick(['text/xml', 'application/xml', 'application/json', 'text/plain']) }, payload: body })
    }
    expect(count('select count(*) from wecom_callbacks')).toBe(0)
    // The genuine one still goes through afterwards.
    const ok = await inject({ method: 'POST', url: genuine.url, headers: { 'content-type': 'text/xml' }, payload: genuine.body })
    expect(ok.body).toBe('success')
    expect(count('select count(*) from wecom_callbacks')).toBe(1)
    expect(Object.keys(statuses).every(s => Number(s) < 500)).toBe(true)
  })
})
