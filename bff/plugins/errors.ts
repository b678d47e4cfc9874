import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ClientError } from '../services/http-error.ts'

/**
 * One JSON error shape for the whole app. fp() is needed so the handlers apply app-wide,
 * not only inside this plugin's encapsulation context.
 */
export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    if (status >= 500) {
      request.log.error({ err }, 'request failed')
      return reply.status(status).send({ statusCode: status, error: 'Internal Server Error', message: '服务器出错了，请稍后重试' })
    }
    const message = err.validation ? describeValidation(err) : err.message
    const code = err instanceof ClientError ? err.reason : undefined
    return reply.status(status).send({ statusCode: status, error: httpErrorName(status), message, ...(code ? { code } : {}) })
  })

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` })
  })
}, { name: 'errors' })

function describeValidation(err: FastifyError): string {
  const where = err.validationContext ?? 'request'
  return (err.validation ?? []).map((v) => {
    const field = v.instancePath ? v.instancePath.slice(1).replaceAll('/', '.') : (v.params as { missingProperty?: string })?.missingProperty
    return `${where}${field ? `.${field}` : ''} ${v.message ?? 'is invalid'}`
  }).join('; ')
}

function httpErrorName(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests' } as Record<number, string>)[status] ?? 'Error'
}
