import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { BadGatewayError, ClientError, ServiceOffError, UnauthorizedError } from '../services/http-error.ts'
import { WecomApiError, WecomOAuthError, WecomTransportError } from '../services/wecom-api.ts'
import errorsPlugin from './errors.ts'

async function answerFor(err: Error) {
  const app = Fastify()
  await app.register(errorsPlugin)
  app.get('/', async () => {
    throw err
  })
  const res = await app.inject({ url: '/' })
  await app.close()
  return { status: res.statusCode, body: res.json() }
}

describe('errors plugin', () => {
  it.each([
    [new ClientError(409, '这个任务已跳过', 'task_skipped'), 409, { statusCode: 409, error: 'Conflict', message: '这个任务已跳过', code: 'task_skipped' }],
    [new UnauthorizedError('Send Authorization: Bearer <INGEST_TOKEN>', 'bad_token'), 401, { statusCode: 401, error: 'Unauthorized', message: 'Send Authorization: Bearer <INGEST_TOKEN>', code: 'bad_token' }],
    [new ServiceOffError('Ingestion is off', 'ingest_disabled'), 503, { statusCode: 503, error: 'Service Unavailable', message: 'Ingestion is off', code: 'ingest_disabled' }],
    [new BadGatewayError('企业微信接口暂时不可用'), 502, { statusCode: 502, error: 'Bad Gateway', message: '企业微信接口暂时不可用' }],
  ])('should answer %s with its status, message and code', async (err, status, body) => {
    expect(await answerFor(err)).toEqual({ status, body })
  })

  it('should answer WeCom failures with 502 naming the errcode and its fix, and OAuth refusals with 4xx', async () => {
    expect(await answerFor(new WecomApiError('/cgi-bin/ticket/get', 60020, 'not allow'))).toEqual({ status: 502, body: { statusCode: 502, error: 'Bad Gateway', message: '企业微信接口暂时不可用（错误码 60020，服务器出口 IP 不在应用的企业可信 IP 中），请稍后重试' } })
    expect((await answerFor(new WecomTransportError('/cgi-bin/gettoken', 'ECONNREFUSED'))).body.message).toContain('无法连接企业微信服务器')
    expect((await answerFor(new WecomOAuthError('invalid-code', 'used'))).status).toBe(400)
    expect((await answerFor(new WecomOAuthError('not-member', 'outsider'))).body).toEqual({ statusCode: 403, error: 'Forbidden', message: '只有本企业成员可以登录侧边栏' })
  })

  it('should hide the message of any other server error', async () => {
    expect(await answerFor(new Error('SQLITE_CORRUPT at /var/data/app.db'))).toEqual({ status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: '服务器出错了，请稍后重试' } })
  })
})
