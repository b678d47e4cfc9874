import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp } from '../test/build-test-app.ts'

describe('GET /api/health', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  it('should answer ok when the app is up', async () => {
    const built = await buildTestApp()
    close = built.close
    const res = await built.app.inject({ url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('should answer an unknown route with the JSON error shape', async () => {
    const built = await buildTestApp()
    close = built.close
    const res = await built.app.inject({ url: '/api/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' })
  })
})
