import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { toApiError, useResource } from './useResource'

describe('useResource', () => {
  it('should go from idle to loading to done and keep the answer', async () => {
    const r = useResource<number>()
    expect(r.status.value).toBe('idle')
    const run = r.run(async () => 7)
    expect(r.status.value).toBe('loading')
    await expect(run).resolves.toBe(true)
    expect(r.status.value).toBe('done')
    expect(r.data.value).toBe(7)
  })

  it('should drop the answer of a run superseded by a newer one', async () => {
    const r = useResource<string>()
    let answerOld!: (v: string) => void
    const old = r.run(() => new Promise((resolve) => {
      answerOld = resolve
    }))
    await r.run(async () => 'new')
    answerOld('old')
    await expect(old).resolves.toBe(false)
    expect(r.data.value).toBe('new')
  })

  it('should keep the last data and turn any failure into an ApiError', async () => {
    const r = useResource<number>()
    await r.run(async () => 1)
    await r.run(async () => {
      throw new TypeError('boom')
    })
    expect(r.status.value).toBe('error')
    expect(r.data.value).toBe(1)
    expect(r.error.value).toMatchObject({ status: 0, message: 'boom', code: 'unexpected' })
    r.clearError()
    expect(r.status.value).toBe('done')
  })

  it('should keep an ApiError as it is', () => {
    const err = new ApiError(404, '没有', 'unknown_contact')
    expect(toApiError(err)).toBe(err)
    expect(toApiError(new Error(''), 'wecom_client', '企业微信出错')).toMatchObject({ status: 0, message: '企业微信出错', code: 'wecom_client' })
  })
})
