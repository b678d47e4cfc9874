import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { BadGatewayError, ClientError, HttpError } from '../services/http-error.ts'
import { WecomApiError, WecomError, WecomOAuthError } from '../services/wecom-api.ts'

/**
 * One JSON error shape for the whole app, and the one place errors become replies: routes throw
 * (an HttpError, or whatever a service or WeCom threw) and never build an error body themselves.
 * fp() is needed so the handlers apply app-wide, not only inside this plugin's encapsulation context.
 */
export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = err instanceof WecomError ? fromWecom(err) : err
    if (known instanceof HttpError) {
      if (known instanceof BadGatewayError)
        request.log.error({ err }, `WeCom call failed (${request.method} ${request.routeOptions.url ?? request.url})`)
      return send(reply, known.statusCode, known.message, known.code)
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    // Anything else that fails on the server is a bug or an outage: its message may hold internals.
    if (status >= 500) {
      request.log.error({ err }, 'request failed')
      return send(reply, status, '服务器出错了，请稍后重试', undefined, 'Internal Server Error')
    }
    return send(reply, status, err.validation ? describeValidation(err) : err.message)
  })

  app.setNotFoundHandler((request, reply) => {
    send(reply, 404, `No route for ${request.method} ${request.url.split('?')[0]}`)
  })
}, { name: 'errors' })

function send(reply: FastifyReply, status: number, message: string, code?: string, error = STATUS_CODES[status] ?? 'Error') {
  return reply.status(status).send({ statusCode: status, error, message, ...(code ? { code } : {}) })
}

function describeValidation(err: FastifyError): string {
  const where = err.validationContext ?? 'request'
  return (err.validation ?? []).map((v) => {
    const field = v.instancePath ? v.instancePath.slice(1).replaceAll('/', '.') : (v.params as { missingProperty?: string })?.missingProperty
    return `${where}${field ? `.${field}` : ''} ${v.message ?? 'is invalid'}`
  }).join('; ')
}

/** Errcodes an operator can fix, with what to fix (wecom-tech.md §3.4). */
const OPERATOR_HINTS: Record<number, string> = {
  40001: '请检查 WECOM_SECRET',
  40013: '请检查 WECOM_CORP_ID',
  45009: '调用过于频繁，请稍后再试',
  60020: '服务器出口 IP 不在应用的企业可信 IP 中',
}

/**
 * A failed WeCom call: 502 saying what an operator can check. An OAuth code that names no member
 * only happens at sign-in, so its answer speaks of the sign-in.
 */
function fromWecom(err: WecomError): HttpError {
  if (err instanceof WecomOAuthError) {
    return err.reason === 'invalid-code'
      ? new ClientError(400, '登录码无效或已被使用（code），请重新打开侧边栏')
      : new ClientError(403, '只有本企业成员可以登录侧边栏')
  }
  const detail = err instanceof WecomApiError
    ? `错误码 ${err.errcode}${OPERATOR_HINTS[err.errcode] ? `，${OPERATOR_HINTS[err.errcode]}` : ''}`
    : '无法连接企业微信服务器'
  return new BadGatewayError(`企业微信接口暂时不可用（${detail}），请稍后重试`, { cause: err })
}
